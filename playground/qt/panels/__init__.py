"""One widget per concern; each gets the parts of the Session it shows in its constructor and talks only to them."""
