"""The audit log in words (issue 12: Chinese on every screen): each action's name, the system as an actor, and
the names of the details an action records, in Chinese and English."""

from __future__ import annotations

from access import audit_actions as acts

AUDIT_TEXTS: dict[str, tuple[str, str]] = {
    f"audit.{acts.LOGIN_OK}": ("登录", "signed in"),
    f"audit.{acts.LOGIN_FAILED}": ("登录失败", "sign-in failed"),
    f"audit.{acts.LOGIN_LOCKED}": ("登录被锁定", "sign-in locked"),
    f"audit.{acts.LOGIN_SSO}": ("单点登录", "signed in (SSO)"),
    f"audit.{acts.LOGOUT}": ("退出登录", "signed out"),
    f"audit.{acts.LOGOUT_EVERYWHERE}": ("所有设备退出", "signed out everywhere"),
    f"audit.{acts.UPLOAD}": ("上传", "upload"),
    f"audit.{acts.UNDO}": ("撤销上传", "upload undone"),
    f"audit.{acts.SETTINGS_CHANGED}": ("修改设置", "settings changed"),
    f"audit.{acts.USER_ADDED}": ("新增账号", "account added"),
    f"audit.{acts.USER_CHANGED}": ("修改账号", "account changed"),
    f"audit.{acts.USER_REMOVED}": ("删除账号", "account removed"),
    f"audit.{acts.PASSWORD_RESET}": ("重设密码", "password reset"),
    f"audit.{acts.LINK_CREATED}": ("新建只读链接", "view link created"),
    f"audit.{acts.LINK_REVOKED}": ("撤销只读链接", "view link revoked"),
    f"audit.{acts.LINK_OPENED}": ("打开只读链接", "view link opened"),
    "audit.system": ("系统", "system"),
    # What an action was done to: a numbered link, upload or account, or a part of the settings.
    "audit.target.link": ("只读链接", "view link"),
    "audit.target.upload": ("上传", "upload"),
    "audit.target.user": ("账号", "account"),
    "audit.target.units": ("单位", "units"),
    "audit.target.items": ("物资与宣传品", "items"),
    "audit.target.thresholds": ("预警线", "alert levels"),
    "audit.target.parse_limits": ("文件上限", "file limits"),
    "audit.target.unit_list": ("单位名单", "unit list"),
    # The details an action records (store/, access/, pages/): name → heading; an unknown one shows its name.
    "audit.detail.units": ("单位", "units"),
    "audit.detail.unit": ("单位", "unit"),
    "audit.detail.role": ("角色", "role"),
    "audit.detail.client": ("客户端", "client"),
    "audit.detail.rows": ("行数", "rows"),
    "audit.detail.file": ("文件", "file"),
    "audit.detail.weeks": ("周", "weeks"),
    "audit.detail.sheet": ("工作表", "sheet"),
    "audit.detail.row": ("行", "row"),
    "audit.detail.severity": ("级别", "severity"),
    "audit.detail.sessions": ("会话数", "sessions"),
    "audit.detail.sessions_ended": ("结束的会话", "sessions ended"),
    "audit.detail.failures": ("失败次数", "failures"),
    "audit.detail.email": ("邮箱", "email"),
    "audit.detail.days": ("天数", "days"),
    "audit.detail.label": ("说明", "label"),
    "audit.detail.by": ("操作人", "by"),
    "audit.detail.imported": ("导入", "imported"),
    "audit.detail.changed": ("修改", "changed"),
    "audit.detail.item": ("物资", "item"),
    "audit.detail.level": ("层级", "level"),
    "audit.detail.critical_days": ("紧缺线（天）", "critical (days)"),
    "audit.detail.low_days": ("偏低线（天）", "low (days)"),
}
