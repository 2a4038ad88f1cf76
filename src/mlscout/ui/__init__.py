"""The only streamlit-aware code besides app.py and pages/: session state and shared widgets."""
