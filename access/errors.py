"""Refusals from the accounts layer, each with a Chinese and an English message that says how to fix it."""

from __future__ import annotations


class AccessError(Exception):
    """Base: `message(lang)` is what a person reads; str(error) is the English text."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


class UserExists(AccessError):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"用户「{username}」已存在。换一个用户名，或用 users reset 重设其密码",
            f"User {username!r} already exists. Choose another name, or use `users reset` to set its password",
        )


class UnknownUser(AccessError):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"没有用户「{username}」。用 users list 查看现有用户",
            f"No user {username!r}. See `users list` for the existing users",
        )


class InvalidRole(AccessError):
    def __init__(self, role: str) -> None:
        super().__init__(
            f"角色「{role}」无效：应为 admin（管理员）、officer（填报员）或 viewer（查看者）",
            f"Role {role!r} is not valid: use admin, officer or viewer",
        )


class UnitsRequired(AccessError):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"填报员「{username}」至少要绑定一个单位：加上 --units 单位编码",
            f"Officer {username!r} needs at least one unit: add --units CODE",
        )


class UnknownUnits(AccessError):
    def __init__(self, codes: list[str]) -> None:
        listed = "、".join(codes)
        super().__init__(
            f"单位名单中没有这些编码：{listed}。请核对编码，或先导入单位名单（units import）",
            f"No unit with code {', '.join(codes)}. Check the codes, or import the unit list first (units import)",
        )


class WeakPassword(AccessError):
    def __init__(self, minimum: int) -> None:
        super().__init__(
            f"密码太短：至少 {minimum} 个字符",
            f"The password is too short: use at least {minimum} characters",
        )


class LastAdmin(AccessError):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"「{username}」是最后一个管理员，不能删除或降级。请先添加另一个管理员",
            f"{username!r} is the last admin and cannot be removed or demoted. Add another admin first",
        )


class EmailTaken(AccessError):
    def __init__(self, email: str) -> None:
        super().__init__(
            f"邮箱 {email} 已被其他用户使用",
            f"The email {email} already belongs to another user",
        )


class InvalidMobile(AccessError):
    def __init__(self, mobile: str) -> None:
        super().__init__(
            f"手机号「{mobile}」无效：请只写数字，如 13800138000",
            f"Mobile number {mobile!r} is not valid: write digits only, e.g. 13800138000",
        )


class UnknownLink(AccessError):
    def __init__(self, link_id: int) -> None:
        super().__init__(
            f"没有编号为 {link_id} 的查看链接。用 links list 查看",
            f"No view link #{link_id}. See `links list`",
        )


class InvalidLinkDays(AccessError):
    def __init__(self, days: int, maximum: int) -> None:
        super().__init__(
            f"有效天数 {days} 无效：应为 1 到 {maximum} 天",
            f"{days} days is not valid: a link lasts 1 to {maximum} days",
        )


class InvalidUsername(AccessError):
    def __init__(self, username: str, maximum: int) -> None:
        super().__init__(
            f"用户名「{username}」无效：不能为空、不能含空格，最长 {maximum} 个字符",
            f"User name {username!r} is not valid: it must be 1 to {maximum} characters with no spaces",
        )
