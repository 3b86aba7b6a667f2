from dinner.cli import main

main()
