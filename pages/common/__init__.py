"""UI code the pages share: the page shell (sidebar, access), cached data, charts, texts.

Not a page: Streamlit only turns the top-level files of pages/ into pages.
"""
