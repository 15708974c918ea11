from ics_tui.cli import main

raise SystemExit(main())
