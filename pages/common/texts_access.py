"""Labels for sign-in, view links, roles and the accounts page, in Chinese (default) and English."""

from __future__ import annotations

from access.rights import ROLE_NAMES

ACCESS_TEXTS: dict[str, tuple[str, str]] = {
    "page.accounts": ("账号", "Accounts"),
    **{f"role.{role}": names for role, names in ROLE_NAMES.items()},
    "auth.login_title": ("登录", "Sign in"),
    "auth.username": ("用户名", "User name"),
    "auth.password": ("密码", "Password"),
    "auth.login": ("登录", "Sign in"),
    "auth.sso": ("使用单位统一身份登录", "Sign in with single sign-on"),
    "auth.sso_unknown": (
        "此统一身份的邮箱没有对应的看板账号。请联系管理员为您的账号登记邮箱。",
        "No dashboard account has this sign-on email. Ask the administrator to add your email to your account.",
    ),
    "auth.session_ended": (
        "登录已过期或已退出，请重新登录。",
        "Your session has ended or expired. Please sign in again.",
    ),
    "auth.login_needed": (
        "请先登录。本页需要{role}或更高权限的账号。",
        "Please sign in. This page needs an account with the {role} role or higher.",
    ),
    "auth.signed_in_as": ("已登录（{role}）：", "Signed in ({role}):"),
    "auth.signing_in": ("正在登录…", "Signing in…"),
    "link.use_account": ("改用账号登录", "Sign in with an account instead"),
    "auth.signing_out": ("正在退出…", "Logging out…"),
    "auth.logout": ("退出登录", "Log out"),
    "auth.logout_all": ("在所有设备上退出", "Log out everywhere"),
    "auth.demo_visitor": ("示例模式：未登录，只读", "Demo mode: not signed in, read-only"),
    "auth.link_visitor": ("只读查看链接：", "Read-only view link:"),
    "auth.demo_banner": (
        "示例模式：尚未创建账号，任何人都可以只读浏览示例数据。上传、设置和账号管理需要先创建管理员账号并登录"
        "（命令：python cli.py users add 用户名 --role admin）。创建账号或导入真实数据后，查看也需要登录。",
        "Demo mode: no account exists yet, so anyone may read the demo data. Uploads, settings and accounts need an "
        "administrator account first (python cli.py users add NAME --role admin). Once an account or real data "
        "exists, reading needs a sign-in too.",
    ),
    "auth.demo_closed": (
        "示例模式下本页不开放：请先创建管理员账号，然后登录。",
        "This page is closed in demo mode: create an administrator account first, then sign in.",
    ),
    "auth.first_run": (
        "看板中已有数据，但还没有任何账号，因此不显示数据。请在服务器上创建第一个管理员账号，然后刷新本页登录：",
        "The dashboard holds data but no account exists yet, so no data is shown. Create the first administrator "
        "on the server, then reload this page and sign in:",
    ),
    "auth.no_units": (
        "您的账号没有可查看的单位。请联系管理员为账号分配单位。",
        "Your account has no unit to look at. Ask the administrator to assign units to your account.",
    ),
    "link.ask_admin": (
        "查看链接由看板管理员生成，可在「账号」页重新生成。",
        "View links are made by the dashboard administrator on the Accounts page.",
    ),
    "upload.undo_none": (
        "没有您可以撤销的上传（只能撤销只涉及您所辖单位的上传）。",
        "No upload you may undo (only uploads that touch your own units alone).",
    ),
    # Accounts page
    "accounts.title": ("账号与查看链接", "Accounts and view links"),
    "accounts.users": ("用户", "Users"),
    "accounts.links": ("查看链接", "View links"),
    "accounts.audit": ("审计日志", "Audit log"),
    "accounts.add_user": ("新建用户", "Add a user"),
    "accounts.display_name": ("显示名", "Display name"),
    "accounts.role": ("角色", "Role"),
    "accounts.units": ("单位", "Units"),
    "accounts.units_help": (
        "填报员必须绑定单位；查看者留空＝全部单位；管理员不受单位限制。",
        "An officer needs units; a viewer with none sees every unit; an administrator is not limited by units.",
    ),
    "accounts.email": ("邮箱（统一身份登录用，可留空）", "Email (for single sign-on, optional)"),
    "accounts.add": ("新建", "Add"),
    "accounts.added": ("已新建用户 {name}。", "User {name} added."),
    "accounts.edit_user": ("修改用户", "Change a user"),
    "accounts.pick_user": ("用户", "User"),
    "accounts.save": ("保存角色和单位", "Save role and units"),
    "accounts.saved": ("已保存 {name} 的角色和单位。", "Saved {name}'s role and units."),
    "accounts.new_password": ("新密码", "New password"),
    "accounts.reset": ("重设密码（该用户所有会话将结束）", "Reset password (ends all the user's sessions)"),
    "accounts.reset_done": ("已重设 {name} 的密码。", "{name}'s password was reset."),
    "accounts.remove_confirm": ("确认删除此用户", "Yes, remove this user"),
    "accounts.remove": ("删除用户", "Remove user"),
    "accounts.removed": ("已删除用户 {name}。", "User {name} removed."),
    "accounts.link_unit": ("可查看的单位（含下级）", "Unit (and everything below it)"),
    "accounts.link_days": ("有效天数", "Valid for days"),
    "accounts.link_label": ("备注（如：县领导周会）", "Label (e.g. county leaders' meeting)"),
    "accounts.link_create": ("生成查看链接", "Create view link"),
    "accounts.link_created": (
        "已生成链接。完整链接只显示这一次，请现在复制：",
        "Link created. The full link is shown only this once: copy it now:",
    ),
    "accounts.link_pick": ("链接", "Link"),
    "accounts.link_revoke": ("撤销此链接", "Revoke this link"),
    "accounts.link_revoked": ("已撤销链接 #{id}。", "Link #{id} revoked."),
    "accounts.no_links": ("还没有查看链接。", "No view link yet."),
    "accounts.audit_action": ("操作类型", "Action"),
    "accounts.audit_all": ("全部", "All"),
    "accounts.audit_times": ("时间为北京时间。", "Times are Beijing time."),
    "col.username": ("用户名", "User name"),
    "col.display_name": ("显示名", "Display name"),
    "col.role": ("角色", "Role"),
    "col.units": ("单位", "Units"),
    "col.email": ("邮箱", "Email"),
    "col.link_unit": ("单位", "Unit"),
    "col.label": ("备注", "Label"),
    "col.created_by": ("创建人", "Created by"),
    "col.created_at": ("创建时间", "Created"),
    "col.expires_at": ("到期时间", "Expires"),
    "col.link_status": ("状态", "Status"),
    "col.actor": ("操作人", "Who"),
    "col.audit_target": ("对象", "Target"),
    "col.action": ("操作", "Action"),
    "col.detail": ("详情", "Detail"),
    "link.status.valid": ("有效", "valid"),
    "link.status.expired": ("已过期", "expired"),
    "link.status.revoked": ("已撤销", "revoked"),
}
