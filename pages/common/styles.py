"""Constant CSS written here (never built from data): phone-friendly spacing and the meeting screen."""

BASE_CSS = """
<style>
/* Room for content on a 390 px phone: Streamlit's default side padding is generous. */
@media (max-width: 640px) {
  .block-container { padding-left: 0.8rem; padding-right: 0.8rem; padding-top: 2.5rem; }
  /* A touch screen shows a table's toolbar (search, full screen) all the time, 44 px above the table, over
     the heading: give it its own row. */
  [data-testid="stDataFrame"] { margin-top: 44px; }
}
/* A page that has two forms of one thing (a heatmap and its list, a table and its sentences) keys their
   containers wide_… and phone_…: one is shown per screen width (Streamlit has no media query in Python). */
@media (max-width: 640px) { [class*="st-key-wide_"] { display: none !important; } }
@media (min-width: 641px) { [class*="st-key-phone_"] { display: none !important; } }
[data-testid="stMetricValue"] { font-size: 1.6rem; }
/* A tile's label and note say where (a unit and an item, "check the target"): wrap them, never cut
   them with "…". */
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricLabel"] p, [data-testid="stMetricDelta"] p {
  white-space: normal; overflow: visible; text-overflow: clip;
}
</style>
"""

MEETING_CSS = """
<style>
/* Projector: the page is one screen. The block container spans the viewport's height and the chart's box
   (.st-key-meeting_stage) takes what the title, buttons and headline figures leave, so nothing falls below
   the fold at 1920 × 1080 or 1366 × 768. */
[data-testid="stMainBlockContainer"] {
  max-width: 100%; height: 100vh; padding: 3.2rem 1.5rem 0.75rem; display: flex; flex-direction: column;
}
[data-testid="stVerticalBlock"]:has(.st-key-meeting_stage),
[data-testid="stLayoutWrapper"]:has(.st-key-meeting_stage),
.st-key-meeting_stage,
.st-key-meeting_stage [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
  flex: 1 1 0; min-height: 0; gap: 0.6rem;
}
.st-key-meeting_stage { overflow: hidden; gap: 0.4rem; }
.st-key-meeting_stage [data-testid="stFullScreenFrame"],
.st-key-meeting_stage [data-testid="stPlotlyChart"] { height: 100% !important; }
/* One line of title, sized to the width it has. */
[data-testid="stHeading"] h2 {
  font-size: clamp(1.5rem, 1.9vw, 2.6rem) !important; white-space: nowrap; padding: 0; line-height: 1.25;
}
/* Headline figures: the number at least three times its label. The number is markdown inside the metric, so
   its paragraph is named here too (a broader rule on markdown paragraphs once shrank it to 1.6 rem). */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p { font-size: 1.2rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p {
  font-size: 4rem !important; font-weight: 700; line-height: 1.1;
}
[data-testid="stMetric"] { padding-right: 3rem; }
/* Alert sentences: large, wrapped in full (never cut with "…"), the severity's box kept tight. */
.st-key-meeting_stage [data-testid="stAlert"] [data-testid="stMarkdownContainer"] p {
  font-size: clamp(1.25rem, 2.7vh, 2.2rem); line-height: 1.35; white-space: normal;
}
.st-key-meeting_stage [data-testid="stAlert"] [data-testid="stAlertDynamicIcon"] { font-size: clamp(1.4rem, 3vh, 2.4rem); }
.st-key-meeting_stage [data-testid="stAlertContainer"] { padding: 0.45rem 0.9rem; }
[data-testid="stCaptionContainer"] p { font-size: 1rem; }
</style>
"""
