"""Constant CSS written here (never built from data): phone-friendly spacing and the meeting screen."""

BASE_CSS = """
<style>
/* Room for content on a 390 px phone: Streamlit's default side padding is generous. */
@media (max-width: 640px) {
  .block-container { padding-left: 0.8rem; padding-right: 0.8rem; padding-top: 2.5rem; }
}
[data-testid="stMetricValue"] { font-size: 1.6rem; }
</style>
"""

MEETING_CSS = """
<style>
/* Projector: large type, high contrast. */
.block-container { max-width: 100%; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.6rem; line-height: 1.5; }
[data-testid="stMetricValue"] { font-size: 3.2rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.4rem; }
h1, h2 { font-size: 2.6rem !important; }
</style>
"""
