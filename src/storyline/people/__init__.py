"""People and organisations: names and titles in an article, the corpus merge, speaker resolution."""
