from handlingsplan.entry import main

main()
