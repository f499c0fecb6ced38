from handlingsplan.cli import main

main()
