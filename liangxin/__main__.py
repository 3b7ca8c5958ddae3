from liangxin.cli import main

main()
