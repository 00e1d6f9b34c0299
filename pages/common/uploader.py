"""A file uploader that speaks the reader's language: Streamlit's own has no translation ("Upload",
"50MB per file • XLSX, XLS, CSV" are fixed in its frontend), so its words are hidden by constant CSS scoped to
our container, the button gets our word, and a caption beside it gives the accepted types and size limit,
read from the same list and the same server setting Streamlit enforces."""

from __future__ import annotations

import streamlit as st

from pages.common.texts import t

# Every uploader of ours sits in a container keyed "zhupload-…"; Streamlit gives it the class st-key-zhupload-….
KEY_PREFIX = "zhupload-"
SCOPE = f'[class*="st-key-{KEY_PREFIX}"]'

# Constant CSS: the selectors and rules are fixed; only the button's word differs by language, and that word
# comes from our own texts (uploader.button), never from data. The drop zone itself is untouched, so a drag or a
# click on the button still opens the browser's file dialog.
UPLOADER_CSS = """
<style>
/* Streamlit's English size/type line: our caption below says the same in the reader's language. */
SCOPE [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
/* The button's English word goes; our word is drawn in its place (part of the button's accessible name). */
SCOPE [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] { display: none; }
SCOPE [data-testid="stFileUploaderDropzone"] button [data-has-shortcut]::after { content: "WORD"; }
/* With files chosen the button is a "+" whose name is a screen-reader-only "add icon": our word names it. */
SCOPE [data-testid="stFileUploaderDropzone"] button [data-has-shortcut] > span:not(:has([data-testid="stIconMaterial"])) {
  display: none;
}
</style>
"""


def uploader_css(lang: str) -> str:
    """The scoped CSS with the button's word in `lang` (a constant of our texts, quotes not possible in it)."""
    word = t("uploader.button", lang)
    assert '"' not in word and "\\" not in word and "<" not in word  # our own constant, kept CSS-safe
    return UPLOADER_CSS.replace("SCOPE", SCOPE).replace("WORD", word)


def limits_caption(lang: str, types: list[str], max_mb: int) -> str:
    """The accepted types and the size limit in the reader's language."""
    joined = ("、" if lang != "en" else ", ").join(f".{ext}" for ext in types)
    return t("uploader.limits", lang, types=joined, mb=max_mb)


def file_uploader(lang: str, label: str, *, types: list[str], key: str, multiple: bool = False):
    """st.file_uploader with our words: same arguments, same return value."""
    st.markdown(uploader_css(lang), unsafe_allow_html=True)  # constant CSS, no outside text
    with st.container(key=f"{KEY_PREFIX}{key}"):
        files = st.file_uploader(label, type=types, accept_multiple_files=multiple, key=key)
        # The limit Streamlit itself enforces (server.maxUploadSize in .streamlit/config.toml), not a copy.
        st.caption(limits_caption(lang, types, int(st.get_option("server.maxUploadSize"))))
    return files
