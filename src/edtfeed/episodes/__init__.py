"""Stage 3, episodes: a Record joined with its AudioMeta -> an Episode (chapters, transcript, people, artwork, slug):
everything a feed item says, decided before anything is rendered."""
