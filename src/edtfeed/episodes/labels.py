"""Short user-visible labels the feeds write in the listener's language (link texts, chapter and file titles).

One table, so a translator finds every string in one place; a language missing here (or a key missing for a
language) falls back to English rather than failing the build.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

LabelKey = Literal["watch_on_youtube", "introduction", "chapters", "transcript", "full_notes"]

FALLBACK_LANGUAGE = "en"

LABELS: dict[str, dict[LabelKey, str]] = {
    "en": {
        "watch_on_youtube": "Watch on YouTube",
        "full_notes": "Read the full show notes",
        "introduction": "Introduction",
        "chapters": "Chapters",
        "transcript": "Transcript",
    },
    "es": {
        "watch_on_youtube": "Ver en YouTube",
        "full_notes": "Lee las notas completas del episodio",
        "introduction": "Introducción",
        "chapters": "Capítulos",
        "transcript": "Transcripción",
    },
    "de": {
        "watch_on_youtube": "Auf YouTube ansehen",
        "full_notes": "Die vollständigen Shownotes lesen",
        "introduction": "Einleitung",
        "chapters": "Kapitel",
        "transcript": "Transkript",
    },
    "fr": {
        "watch_on_youtube": "Regarder sur YouTube",
        "full_notes": "Lire toutes les notes de l’épisode",
        "introduction": "Introduction",
        "chapters": "Chapitres",
        "transcript": "Transcription",
    },
    "it": {
        "watch_on_youtube": "Guarda su YouTube",
        "full_notes": "Leggi le note complete dell’episodio",
        "introduction": "Introduzione",
        "chapters": "Capitoli",
        "transcript": "Trascrizione",
    },
    "pt": {
        "watch_on_youtube": "Assista no YouTube",
        "full_notes": "Leia as notas completas do episódio",
        "introduction": "Introdução",
        "chapters": "Capítulos",
        "transcript": "Transcrição",
    },
    "ar": {
        "watch_on_youtube": "شاهد على YouTube",
        "full_notes": "اقرأ ملاحظات الحلقة كاملة",
        "introduction": "مقدمة",
        "chapters": "الفصول",
        "transcript": "النص",
    },
    "ja": {
        "watch_on_youtube": "YouTubeで見る",
        "full_notes": "エピソードノートをすべて読む",
        "introduction": "はじめに",
        "chapters": "チャプター",
        "transcript": "文字起こし",
    },
}


def _lookup(table: Mapping[str, Mapping[str, str]], key: str, lang: str) -> str:
    """`key` for `lang` in `table`: exact code, then its base language (`pt-br` -> `pt`), then English."""
    for code in (lang.lower(), lang.lower().split("-")[0], FALLBACK_LANGUAGE):
        text = table.get(code, {}).get(key)
        if text:
            return text
    raise KeyError(key)


def label(key: LabelKey, lang: str) -> str:
    """The label for `lang` (see _lookup for the fallbacks)."""
    return _lookup(LABELS, key, lang)


FrequencyKey = Literal["daily", "weekly", "biweekly", "monthly", "bimonthly", "yearly"]

# The text of <podcast:updateFrequency> (episodes/extras.py), shown by apps beside the schedule.
FREQUENCY_LABELS: dict[str, dict[FrequencyKey, str]] = {
    "en": {"daily": "Daily", "weekly": "Weekly", "biweekly": "Every two weeks", "monthly": "Monthly",
           "bimonthly": "Every two months", "yearly": "Yearly"},
    "es": {"daily": "Diario", "weekly": "Semanal", "biweekly": "Cada dos semanas", "monthly": "Mensual",
           "bimonthly": "Cada dos meses", "yearly": "Anual"},
    "de": {"daily": "Täglich", "weekly": "Wöchentlich", "biweekly": "Alle zwei Wochen", "monthly": "Monatlich",
           "bimonthly": "Alle zwei Monate", "yearly": "Jährlich"},
    "fr": {"daily": "Quotidien", "weekly": "Hebdomadaire", "biweekly": "Toutes les deux semaines",
           "monthly": "Mensuel", "bimonthly": "Tous les deux mois", "yearly": "Annuel"},
    "it": {"daily": "Quotidiano", "weekly": "Settimanale", "biweekly": "Ogni due settimane", "monthly": "Mensile",
           "bimonthly": "Ogni due mesi", "yearly": "Annuale"},
    "pt": {"daily": "Diário", "weekly": "Semanal", "biweekly": "A cada duas semanas", "monthly": "Mensal",
           "bimonthly": "A cada dois meses", "yearly": "Anual"},
    "ar": {"daily": "يوميًا", "weekly": "أسبوعيًا", "biweekly": "كل أسبوعين", "monthly": "شهريًا",
           "bimonthly": "كل شهرين", "yearly": "سنويًا"},
    "ja": {"daily": "毎日", "weekly": "毎週", "biweekly": "隔週", "monthly": "毎月", "bimonthly": "隔月",
           "yearly": "毎年"},
}


def frequency_label(key: FrequencyKey, lang: str) -> str:
    return _lookup(FREQUENCY_LABELS, key, lang)


PageLabelKey = Literal["feed_address", "copy", "copied", "subscribe", "other_apps", "languages", "episodes",
                       "duration", "notes", "shows", "unreachable", "all_episodes", "podcasts"]

# The HTML pages' labels (render/page.py). Dates, numbers and language names come from CLDR through Babel; CLDR has
# no interface strings like these, so they stay a table. Missing languages fall back to English, like LABELS.
PAGE_LABELS: dict[str, dict[PageLabelKey, str]] = {
    "en": {"feed_address": "Feed address", "copy": "Copy", "copied": "Copied", "subscribe": "Subscribe in",
           "other_apps": "Other podcast apps", "languages": "Also in", "episodes": "Episodes",
           "duration": "Duration", "notes": "Show notes", "shows": "Feeds",
           "all_episodes": "All episodes", "podcasts": "Podcasts",
           "unreachable": "Not reachable from here (offline?); it is on"},
    "es": {"feed_address": "Dirección del feed", "copy": "Copiar", "copied": "Copiado", "subscribe": "Suscríbete en",
           "other_apps": "Otras aplicaciones de pódcast", "languages": "También en", "episodes": "Episodios",
           "duration": "Duración", "notes": "Notas del episodio", "shows": "Feeds",
           "all_episodes": "Todos los episodios", "podcasts": "Pódcasts",
           "unreachable": "No se puede cargar desde aquí (¿sin conexión?); está en"},
    "ar": {"feed_address": "عنوان الخلاصة", "copy": "نسخ", "copied": "تم النسخ", "subscribe": "اشترك في",
           "other_apps": "تطبيقات بودكاست أخرى", "languages": "متوفر أيضًا بـ", "episodes": "الحلقات",
           "duration": "المدة", "notes": "ملاحظات الحلقة", "shows": "الخلاصات",
           "all_episodes": "كل الحلقات", "podcasts": "البودكاست",
           "unreachable": "تعذّر التحميل من هنا (لا اتصال؟)؛ الملف على"},
    "de": {"feed_address": "Feed-Adresse", "copy": "Kopieren", "copied": "Kopiert", "subscribe": "Abonnieren in",
           "other_apps": "Andere Podcast-Apps", "languages": "Auch auf", "episodes": "Folgen",
           "duration": "Dauer", "notes": "Shownotes", "shows": "Feeds",
           "all_episodes": "Alle Folgen", "podcasts": "Podcasts",
           "unreachable": "Von hier nicht erreichbar (offline?); liegt auf"},
    "fr": {"feed_address": "Adresse du flux", "copy": "Copier", "copied": "Copié", "subscribe": "S’abonner dans",
           "other_apps": "Autres applications de podcast", "languages": "Aussi en", "episodes": "Épisodes",
           "duration": "Durée", "notes": "Notes de l’épisode", "shows": "Flux",
           "all_episodes": "Tous les épisodes", "podcasts": "Podcasts",
           "unreachable": "Inaccessible d’ici (hors ligne ?) ; le fichier est sur"},
}


def page_label(key: PageLabelKey, lang: str) -> str:
    """A page label for `lang`, with the same fallbacks as `label`."""
    return _lookup(PAGE_LABELS, key, lang)
