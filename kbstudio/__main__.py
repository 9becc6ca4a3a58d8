from kbstudio.cli import main

main()
