"""One widget per concern; each gets the Session in its constructor and talks only to it."""
