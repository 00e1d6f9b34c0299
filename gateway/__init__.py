"""The HTTP edge beside Streamlit (served by serve.py through st.App): the session cookie and the headers."""
