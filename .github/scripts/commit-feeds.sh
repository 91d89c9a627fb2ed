#!/usr/bin/env bash
# Commit and push what `edtfeed publish` wrote that the next run needs, only when it changed; then exit with
# edtfeed's status.
#
# Usage: commit-feeds.sh EXIT_STATUS_OF_EDTFEED_PUBLISH
# Commits only on the statuses that mean the output is complete (README "Exit codes", src/edtfeed/errors.py):
#   0  success                        -> commit if changed, exit 0
#   1  some records failed            -> commit what built (every feed written is whole), exit 1 (the job fails)
#   anything else                     -> commit nothing, exit with that status: 2 usage/config error, 3 refused,
#                                        4 a fault of the machine (disk full, read-only, permission), 5 another run
#                                        held the project, 130/143 interrupted or terminated
# What is committed comes from the config (`edtfeed paths`): every show's lock, the lock's transcripts folder (the
# pinned host transcripts: without them a fresh checkout falls back to estimated chapter times) and the output
# folder. Env: PUSH_BRANCH (default: current branch), PUSH_REMOTE (default origin), EDTFEED (default edtfeed).
set -euo pipefail

status="${1:?usage: commit-feeds.sh EXIT_STATUS}"
remote="${PUSH_REMOTE:-origin}"
branch="${PUSH_BRANCH:-$(git rev-parse --abbrev-ref HEAD)}"
edtfeed="${EDTFEED:-edtfeed}"

# The runner has no git identity; commits (and the rebase below) are made as the Actions bot.
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-github-actions[bot]}"
export GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}"
export GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}"

case "$status" in
  0 | 1) ;;
  *)
    echo "::error::edtfeed publish exited with status $status; nothing committed"
    exit "$status"
    ;;
esac

# Only paths that exist or are tracked (a deleted tracked file is staged as a deletion).
named=()
while IFS= read -r -d '' path; do
  named+=("$path")
done < <("$edtfeed" paths --null)
if [ "${#named[@]}" -eq 0 ]; then
  echo "::error::\`edtfeed paths\` named nothing to commit; nothing committed"
  exit 2
fi
paths=()
for path in "${named[@]}"; do
  if [ -e "$path" ] || [ -n "$(git ls-files -- "$path")" ]; then
    paths+=("$path")
  fi
done

if [ "${#paths[@]}" -gt 0 ]; then
  git add --all -- "${paths[@]}"
fi

if [ "${#paths[@]}" -eq 0 ] || git diff --cached --quiet -- "${paths[@]}"; then
  echo "Feeds, locks and pinned transcripts unchanged; nothing to commit."
else
  message="Publish feeds"
  if [ "$status" = 1 ]; then
    message="Publish feeds (some records failed; see the run log)"
  fi
  git commit --quiet -m "$message" -- "${paths[@]}"
  # Someone may have pushed meanwhile: rebase our feeds commit onto theirs and retry, a few times.
  for attempt in 1 2 3; do
    if git push --quiet "$remote" "HEAD:$branch"; then
      echo "Pushed $(git rev-parse --short HEAD) to $remote/$branch."
      break
    fi
    if [ "$attempt" = 3 ]; then
      echo "::error::could not push the feeds commit after $attempt attempts"
      exit 1
    fi
    git pull --quiet --rebase "$remote" "$branch"
  done
fi

exit "$status"
