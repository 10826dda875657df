"""The demo data: Hanoi's 2022 launch of the Month of Action, as the news report tells it."""
