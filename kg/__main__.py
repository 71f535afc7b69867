from kg.console import main

main()
