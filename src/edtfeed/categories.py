"""Apple Podcasts categories (https://podcasters.apple.com/support/1691-apple-podcasts-categories).

Config writes a category as "Category" or "Category/Subcategory"; values stay English in every language's feed.
"""

from __future__ import annotations

APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences", "Nature",
        "Physics", "Social Sciences",
    ),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby", "Running",
        "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}


def split_category(category: str) -> tuple[str, str | None]:
    """"Business/Management" -> ("Business", "Management"); "Technology" -> ("Technology", None)."""
    top, _, sub = category.partition("/")
    return top.strip(), (sub.strip() or None)


def check_category(category: str) -> None:
    """Raise ValueError naming the close alternatives when `category` is not on Apple's list."""
    top, sub = split_category(category)
    if top not in APPLE_CATEGORIES:
        raise ValueError(f"{top!r} is not an Apple Podcasts category (one of: {', '.join(APPLE_CATEGORIES)})")
    if sub is not None and sub not in APPLE_CATEGORIES[top]:
        allowed = ", ".join(APPLE_CATEGORIES[top]) or "none"
        raise ValueError(f"{sub!r} is not a subcategory of {top!r} (allowed: {allowed})")


def nested_categories(categories: list[str]) -> list[tuple[str, list[str]]]:
    """Group "Top/Sub" entries under their top category, keeping first-seen order (Apple reads the first)."""
    grouped: dict[str, list[str]] = {}
    for category in categories:
        top, sub = split_category(category)
        subs = grouped.setdefault(top, [])
        if sub and sub not in subs:
            subs.append(sub)
    return list(grouped.items())
