"""Labels of the meeting mode for a projector (issue 12), in Chinese and English."""

from __future__ import annotations

MEETING_TEXTS: dict[str, tuple[str, str]] = {
    "meeting.prev": ("上一屏", "Previous"),
    "meeting.next": ("下一屏", "Next"),
    "meeting.rotate": ("自动轮播", "Rotate screens"),
    "meeting.rotate.off": ("不轮播", "No rotation"),
    "meeting.rotate.every": ("每 {n} 秒换一屏", "Next screen every {n} s"),
    "meeting.png": ("下载本屏图片", "This screen as PNG"),
    "meeting.png_help": (
        "在服务器上画成 PNG 图片，可转发到微信群",
        "Drawn on the server as a PNG picture, to forward to a WeChat group",
    ),
    "meeting.no_browser": (
        "无法生成图片：服务器上没有安装 Chromium 浏览器。请管理员安装（Debian：apt-get install chromium）后再试。",
        "No picture: Chromium is not installed on the server. Ask the administrator to install it "
        "(Debian: apt-get install chromium).",
    ),
    "meeting.severity.critical": ("紧急", "Urgent"),
    "meeting.severity.warning": ("注意", "Warning"),
    # The demo's two banners folded into one line, so the projector keeps its height for the figures.
    "banner.demo_line": ("示例数据（东河县），不是真实上报", "Demo data (东河县), not real reports"),
    "banner.demo_mode_line": ("示例模式：尚未创建账号，只读浏览", "Demo mode: no accounts yet, read only"),
}
