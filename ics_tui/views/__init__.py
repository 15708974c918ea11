"""Pane views: each can sit in either pane.

`registry.py` lists them (one `ViewSpec` row each) and makes the one a `Location` needs;
`base.py` holds what every view offers its pane.
"""
