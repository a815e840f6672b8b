from tweetbrief.cli import main

main()
