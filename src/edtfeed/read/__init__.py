"""Stage 1, read: episode files under `[episodes] dir` -> Records (front matter, includes, headings, transcript)."""
