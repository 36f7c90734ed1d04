from kpitrack.cli import main

main()
