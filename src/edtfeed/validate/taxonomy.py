"""Role and group names of the Podcast Taxonomy, lower-cased, for podcast:person `role` and `group` (both
compare case-insensitively).

From https://github.com/Podcastindex-org/podcast-namespace/blob/main/taxonomy.json ("Translater" is the
taxonomy's own spelling; the correct spelling is accepted too).
"""

from __future__ import annotations

PERSON_ROLES: frozenset[str] = frozenset({
    # Creative Direction
    "director", "assistant director", "executive producer", "senior producer", "producer", "associate producer",
    "development producer", "creative director",
    # Cast
    "host", "co-host", "guest host", "guest", "voice actor", "narrator", "announcer", "reporter",
    # Writing
    "author", "editorial director", "co-writer", "writer", "songwriter", "guest writer", "story editor",
    "managing editor", "script editor", "script coordinator", "researcher", "editor", "fact checker", "translater",
    "translator", "transcriber", "logger",
    # Audio Production / Post-Production
    "studio coordinator", "technical director", "technical manager", "audio engineer", "remote recording engineer",
    "post production engineer", "audio editor", "sound designer", "foley artist", "composer", "theme music",
    "music production", "music contributor",
    # Administration, Visuals, Community, Misc., Video
    "production coordinator", "booking coordinator", "production assistant", "content manager", "marketing manager",
    "sales representative", "sales manager", "graphic designer", "cover art designer", "social media manager",
    "consultant", "intern", "camera operator", "lighting designer", "camera grip", "assistant camera",
    "assistant editor",
})

# The taxonomy's groups (the headings above); the namespace's default group is "cast".
PERSON_GROUPS: frozenset[str] = frozenset({
    "creative direction", "cast", "writing", "audio production", "audio post-production", "administration",
    "visuals", "community", "misc.", "video production", "video post-production",
})
