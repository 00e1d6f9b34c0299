"""Pushes to the work groups people already read (WeCom, DingTalk, Feishu robots): what is said (messages),
how each robot wants it (robots), how it is delivered (sender), and the weekly loop (weekly). No Streamlit."""
