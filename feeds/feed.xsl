<?xml version="1.0" encoding="UTF-8"?>
<!--
  edtfeed feed.xsl: shows a podcast feed as a readable page when someone opens it in a browser.
  XSLT 1.0 (what browsers run). Podcast apps ignore this file; it changes nothing in the feed itself.

  Reads: channel title, description, itunes:image, podcast:person (hosts; guests per episode), the language the text is written in (right-to-left
  for ar, he, fa, ur): the hreflang of the atom:link rel="alternate" type="text/html" to the show's page, else <language> (which says what is
  spoken, and may differ), atom:link rel="self" (the address to copy), rel="alternate" hreflang (the show in other languages), rel="related"
  (listening links such as Apple Podcasts and Spotify, recognised by host); per item: title, pubDate,
  itunes:duration, itunes:episode, enclosure (audio player), podcast:contentLink (YouTube), link,
  podcast:transcript, psc:chapters, content:encoded or description (show notes).
  Labels are looked up in "|code=text|" tables: browsers do not support document('') for an inline table.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:podcast="https://podcastindex.org/namespace/1.0"
    xmlns:psc="http://podlove.org/simple-chapters"
    exclude-result-prefixes="itunes atom content podcast psc">

  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>
  <xsl:variable name="page-lang" select="normalize-space(/rss/channel/atom:link[@rel='alternate'][@type='text/html'][1]/@hreflang)"/>
  <xsl:variable name="written">
    <xsl:choose>
      <xsl:when test="$page-lang"><xsl:value-of select="$page-lang"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space(/rss/channel/language)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="lang" select="translate($written, $upper, $lower)"/>
  <xsl:variable name="primary" select="substring-before(concat(translate($lang, '_', '-'), '-'), '-')"/>
  <xsl:variable name="dir">
    <xsl:choose>
      <xsl:when test="contains(' ar he fa ur ', concat(' ', $primary, ' '))">rtl</xsl:when>
      <xsl:otherwise>ltr</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="ui">
    <xsl:choose>
      <xsl:when test="contains(' en es de fr it pt ar ja ', concat(' ', $primary, ' '))"><xsl:value-of select="$primary"/></xsl:when>
      <xsl:otherwise>en</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="feed-url" select="normalize-space(/rss/channel/atom:link[@rel='self']/@href)"/>

  <!-- Label tables, one entry per UI language. -->
  <xsl:variable name="L-hint">|en=This is a podcast feed. Copy its address into your podcast app to subscribe.|es=Este es el feed de un pódcast. Copia su dirección en tu aplicación de pódcasts para suscribirte.|de=Dies ist ein Podcast-Feed. Kopiere die Adresse in deine Podcast-App, um ihn zu abonnieren.|fr=Ceci est le flux d’un podcast. Copiez son adresse dans votre application de podcasts pour vous abonner.|it=Questo è il feed di un podcast. Copia il suo indirizzo nella tua app di podcast per abbonarti.|pt=Este é o feed de um podcast. Copie o endereço no seu aplicativo de podcasts para assinar.|ar=هذه خلاصة بودكاست. انسخ عنوانها إلى تطبيق البودكاست للاشتراك.|ja=これはポッドキャストのフィードです。購読するには、このアドレスをポッドキャストアプリにコピーしてください。|</xsl:variable>
  <xsl:variable name="L-feed">|en=Feed address|es=Dirección del feed|de=Feed-Adresse|fr=Adresse du flux|it=Indirizzo del feed|pt=Endereço do feed|ar=عنوان الخلاصة|ja=フィードのアドレス|</xsl:variable>
  <xsl:variable name="L-copy">|en=Copy|es=Copiar|de=Kopieren|fr=Copier|it=Copia|pt=Copiar|ar=نسخ|ja=コピー|</xsl:variable>
  <xsl:variable name="L-copied">|en=Copied|es=Copiado|de=Kopiert|fr=Copié|it=Copiato|pt=Copiado|ar=تم النسخ|ja=コピーしました|</xsl:variable>
  <xsl:variable name="L-listen">|en=Listen on|es=Escúchalo en|de=Hören auf|fr=Écouter sur|it=Ascolta su|pt=Ouça no|ar=استمع على|ja=聴く|</xsl:variable>
  <xsl:variable name="L-also">|en=Also in|es=También en|de=Auch auf|fr=Aussi en|it=Anche in|pt=Também em|ar=متوفر أيضًا بـ|ja=ほかの言語|</xsl:variable>
  <xsl:variable name="L-website">|en=Website|es=Sitio web|de=Website|fr=Site web|it=Sito web|pt=Site|ar=الموقع|ja=ウェブサイト|</xsl:variable>
  <xsl:variable name="L-episodes">|en=Episodes|es=Episodios|de=Folgen|fr=Épisodes|it=Episodi|pt=Episódios|ar=الحلقات|ja=エピソード|</xsl:variable>
  <xsl:variable name="L-episode">|en=Episode|es=Episodio|de=Folge|fr=Épisode|it=Episodio|pt=Episódio|ar=الحلقة|ja=エピソード|</xsl:variable>
  <xsl:variable name="L-chapters">|en=Chapters|es=Capítulos|de=Kapitel|fr=Chapitres|it=Capitoli|pt=Capítulos|ar=الفصول|ja=チャプター|</xsl:variable>
  <xsl:variable name="L-youtube">|en=Watch on YouTube|es=Ver en YouTube|de=Auf YouTube ansehen|fr=Regarder sur YouTube|it=Guarda su YouTube|pt=Assistir no YouTube|ar=شاهد على يوتيوب|ja=YouTubeで見る|</xsl:variable>
  <xsl:variable name="L-page">|en=Episode page|es=Página del episodio|de=Seite der Folge|fr=Page de l’épisode|it=Pagina dell’episodio|pt=Página do episódio|ar=صفحة الحلقة|ja=エピソードページ|</xsl:variable>
  <xsl:variable name="L-transcript">|en=Transcript|es=Transcripción|de=Transkript|fr=Transcription|it=Trascrizione|pt=Transcrição|ar=النص المكتوب|ja=文字起こし|</xsl:variable>
  <xsl:variable name="L-notes">|en=Show notes|es=Notas del episodio|de=Shownotes|fr=Notes de l’épisode|it=Note dell’episodio|pt=Notas do episódio|ar=ملاحظات الحلقة|ja=ショーノート|</xsl:variable>
  <xsl:variable name="L-made">|en=Feed published with edtfeed|es=Feed publicado con edtfeed|de=Feed veröffentlicht mit edtfeed|fr=Flux publié avec edtfeed|it=Feed pubblicato con edtfeed|pt=Feed publicado com edtfeed|ar=نُشرت الخلاصة باستخدام edtfeed|ja=edtfeed で公開されたフィード|</xsl:variable>
  <xsl:variable name="L-hosts">|en=Hosted by|es=Presentado por|de=Moderiert von|fr=Animé par|it=Condotto da|pt=Apresentado por|ar=تقديم|ja=ホスト|</xsl:variable>
  <xsl:variable name="L-guests">|en=With|es=Con|de=Mit|fr=Avec|it=Con|pt=Com|ar=مع|ja=ゲスト|</xsl:variable>
  <xsl:variable name="L-langs">|en=English|es=Español|de=Deutsch|fr=Français|it=Italiano|pt=Português|ar=العربية|ja=日本語|he=עברית|fa=فارسی|ur=اردو|zh=中文|ko=한국어|ru=Русский|nl=Nederlands|</xsl:variable>

  <xsl:template name="t">
    <xsl:param name="table"/>
    <xsl:param name="code" select="$ui"/>
    <xsl:variable name="hit" select="substring-before(substring-after($table, concat('|', $code, '=')), '|')"/>
    <xsl:choose>
      <xsl:when test="$hit != ''"><xsl:value-of select="$hit"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="substring-before(substring-after($table, '|en='), '|')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/">
    <xsl:apply-templates select="rss/channel"/>
  </xsl:template>

  <xsl:template match="channel">
    <html lang="{$lang}" dir="{$dir}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="title"/></title>
        <xsl:if test="$feed-url != ''">
          <link rel="alternate" type="application/rss+xml" title="{title}" href="{$feed-url}"/>
        </xsl:if>
        <style>
:root { color-scheme: light dark; --fg: #1d1d1f; --muted: #5f6368; --bg: #fbfbfd; --card: #ffffff;
  --line: #e3e3e8; --accent: #6a1b9a; --accent-fg: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #f2f2f7; --muted: #a1a1aa; --bg: #111114; --card: #1c1c21; --line: #2e2e36; --accent: #ce93d8;
    --accent-fg: #111114; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.55;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Sans JP",
    "Helvetica Neue", Arial, sans-serif; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, summary:focus-visible, input:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px; }
.wrap { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.notice { background: var(--card); border: 1px solid var(--line); border-radius: .75rem; padding: .75rem 1rem;
  margin-block-end: 1.5rem; font-size: .95rem; }
.show { display: grid; grid-template-columns: minmax(0, 12rem) 1fr; gap: 1.5rem; align-items: start; }
.show img { width: 100%; height: auto; aspect-ratio: 1; border-radius: .75rem; background: var(--line); }
.show h1 { margin: 0 0 .25rem; font-size: clamp(1.5rem, 4vw, 2.2rem); line-height: 1.2; }
.author { color: var(--muted); margin: 0 0 .75rem; }
.subscribe { margin-block-start: 1rem; }
.copy { display: flex; gap: .5rem; flex-wrap: wrap; }
.copy input { flex: 1 1 16rem; min-width: 0; font: inherit; font-size: .9rem; padding: .45rem .6rem;
  border: 1px solid var(--line); border-radius: .5rem; background: var(--card); color: var(--fg); direction: ltr; }
.button, button { display: inline-block; font: inherit; font-size: .9rem; padding: .45rem .9rem; border-radius: 999px;
  border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); text-decoration: none;
  cursor: pointer; }
.button.ghost { background: transparent; color: var(--accent); }
.links { display: flex; flex-wrap: wrap; gap: .5rem; margin: .75rem 0 0; padding: 0; list-style: none; }
h2 { margin: 2.5rem 0 1rem; font-size: 1.4rem; }
.episodes { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
.episode { background: var(--card); border: 1px solid var(--line); border-radius: .75rem; padding: 1rem 1.25rem; }
.episode header { display: flex; gap: 1rem; align-items: start; }
.episode header img { width: 4.5rem; height: 4.5rem; border-radius: .5rem; flex: none; }
.episode h3 { margin: 0; font-size: 1.15rem; line-height: 1.3; }
.meta { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
.meta:not(.people) span + span::before { content: " · "; }
audio { width: 100%; margin: .75rem 0 .25rem; }
details { margin-block-start: .5rem; }
summary { cursor: pointer; font-weight: 600; }
.chapters { margin: .5rem 0 0; padding-inline-start: 1.25rem; }
.chapters time { font-variant-numeric: tabular-nums; color: var(--muted); unicode-bidi: isolate; }
.chapter-title { margin-inline-start: .6rem; }
.notes { overflow-wrap: anywhere; }
.notes img { max-width: 100%; height: auto; }
footer { margin-block-start: 3rem; color: var(--muted); font-size: .85rem; text-align: center; }
@media (max-width: 36rem) { .show { grid-template-columns: 1fr; } .show img { max-width: 14rem; } }
        </style>
      </head>
      <body>
        <div class="wrap">
          <p class="notice" role="note">
            <xsl:call-template name="t"><xsl:with-param name="table" select="$L-hint"/></xsl:call-template>
          </p>
          <header class="show">
            <xsl:if test="itunes:image/@href">
              <img src="{itunes:image/@href}" alt="{title}" width="300" height="300"/>
            </xsl:if>
            <div>
              <h1 id="show-title"><xsl:value-of select="title"/></h1>
              <xsl:if test="normalize-space(itunes:author)">
                <p class="author"><xsl:value-of select="itunes:author"/></p>
              </xsl:if>
              <xsl:call-template name="people">
                <xsl:with-param name="people" select="podcast:person[translate(@role, $upper, $lower) = 'host' or not(@role)]"/>
                <xsl:with-param name="label" select="$L-hosts"/>
              </xsl:call-template>
              <div class="description" id="show-description">
                <xsl:value-of select="description" disable-output-escaping="yes"/>
              </div>
              <xsl:call-template name="subscribe"/>
              <xsl:for-each select="atom:link[@rel='alternate'][@type='text/html'][normalize-space(@href)][1]">
                <p class="page-link"><a href="{@href}" rel="alternate"><xsl:value-of select="@href"/></a></p>
              </xsl:for-each>
            </div>
          </header>
          <main>
            <h2 id="episodes-heading">
              <xsl:call-template name="t"><xsl:with-param name="table" select="$L-episodes"/></xsl:call-template>
              <xsl:text> (</xsl:text><xsl:value-of select="count(item)"/><xsl:text>)</xsl:text>
            </h2>
            <ol class="episodes" aria-labelledby="episodes-heading">
              <xsl:apply-templates select="item"/>
            </ol>
          </main>
          <footer>
            <xsl:call-template name="t"><xsl:with-param name="table" select="$L-made"/></xsl:call-template>
          </footer>
        </div>
        <script>
document.querySelectorAll("[data-copy]").forEach(function (button) {
  button.addEventListener("click", function () {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var done = function () { button.textContent = button.getAttribute("data-done"); };
    if (navigator.clipboard) { navigator.clipboard.writeText(field.value).then(done); }
    else { field.select(); document.execCommand("copy"); done(); }
  });
});
        </script>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="subscribe">
    <section class="subscribe">
      <xsl:if test="$feed-url != ''">
        <label for="feed-url">
          <xsl:call-template name="t"><xsl:with-param name="table" select="$L-feed"/></xsl:call-template>
        </label>
        <div class="copy">
          <input id="feed-url" type="url" readonly="readonly" value="{$feed-url}" onfocus="this.select()"/>
          <xsl:variable name="done">
            <xsl:call-template name="t"><xsl:with-param name="table" select="$L-copied"/></xsl:call-template>
          </xsl:variable>
          <button type="button" data-copy="feed-url" data-done="{$done}">
            <xsl:call-template name="t"><xsl:with-param name="table" select="$L-copy"/></xsl:call-template>
          </button>
        </div>
      </xsl:if>
      <ul class="links">
        <xsl:for-each select="atom:link[@rel='related'][normalize-space(@href)]">
          <li>
            <a class="button listen" href="{@href}">
              <xsl:call-template name="t"><xsl:with-param name="table" select="$L-listen"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:choose>
                <xsl:when test="contains(@href, 'podcasts.apple.com')">Apple Podcasts</xsl:when>
                <xsl:when test="contains(@href, 'open.spotify.com')">Spotify</xsl:when>
                <xsl:when test="normalize-space(@title)"><xsl:value-of select="@title"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="substring-before(concat(substring-after(@href, '://'), '/'), '/')"/></xsl:otherwise>
              </xsl:choose>
            </a>
          </li>
        </xsl:for-each>
        <xsl:if test="normalize-space(link)">
          <li>
            <a class="button ghost" href="{normalize-space(link)}">
              <xsl:call-template name="t"><xsl:with-param name="table" select="$L-website"/></xsl:call-template>
            </a>
          </li>
        </xsl:if>
      </ul>
      <xsl:if test="atom:link[@rel='alternate'][@hreflang][not(@type='text/html')]">
        <p class="meta">
          <xsl:call-template name="t"><xsl:with-param name="table" select="$L-also"/></xsl:call-template>
          <xsl:text>: </xsl:text>
          <xsl:for-each select="atom:link[@rel='alternate'][@hreflang][not(@type='text/html')]">
            <xsl:variable name="code" select="translate(@hreflang, $upper, $lower)"/>
            <xsl:if test="position() != 1"><xsl:text> · </xsl:text></xsl:if>
            <a class="alternate" href="{@href}" hreflang="{@hreflang}" lang="{@hreflang}">
              <xsl:variable name="name">
                <xsl:call-template name="t">
                  <xsl:with-param name="table" select="$L-langs"/>
                  <xsl:with-param name="code" select="substring-before(concat($code, '-'), '-')"/>
                </xsl:call-template>
              </xsl:variable>
              <xsl:choose>
                <xsl:when test="contains($L-langs, concat('|', substring-before(concat($code, '-'), '-'), '='))">
                  <xsl:value-of select="$name"/>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="@hreflang"/></xsl:otherwise>
              </xsl:choose>
            </a>
          </xsl:for-each>
        </p>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="item">
    <xsl:variable name="youtube" select="normalize-space(podcast:contentLink[contains(@href, 'youtube.com') or contains(@href, 'youtu.be')][1]/@href)"/>
    <li class="episode" data-guid="{normalize-space(guid)}">
      <article aria-labelledby="ep-{position()}">
        <header>
          <xsl:if test="itunes:image/@href">
            <img src="{itunes:image/@href}" alt="" width="72" height="72" loading="lazy"/>
          </xsl:if>
          <div>
            <h3 id="ep-{position()}"><xsl:value-of select="title"/></h3>
            <p class="meta">
              <xsl:if test="normalize-space(itunes:episode)">
                <span>
                  <xsl:call-template name="t"><xsl:with-param name="table" select="$L-episode"/></xsl:call-template>
                  <xsl:text> </xsl:text><xsl:value-of select="normalize-space(itunes:episode)"/>
                </span>
              </xsl:if>
              <xsl:if test="normalize-space(pubDate)">
                <span class="date"><xsl:call-template name="date"><xsl:with-param name="rfc" select="normalize-space(pubDate)"/></xsl:call-template></span>
              </xsl:if>
              <xsl:if test="normalize-space(itunes:duration)">
                <span class="duration"><bdi dir="ltr">
                  <xsl:call-template name="duration"><xsl:with-param name="value" select="normalize-space(itunes:duration)"/></xsl:call-template>
                </bdi></span>
              </xsl:if>
            </p>
          </div>
        </header>
        <xsl:call-template name="people">
          <xsl:with-param name="people" select="podcast:person[translate(@role, $upper, $lower) = 'guest']"/>
          <xsl:with-param name="label" select="$L-guests"/>
        </xsl:call-template>
        <xsl:if test="enclosure/@url">
          <audio controls="controls" preload="none">
            <source src="{enclosure/@url}" type="{enclosure/@type}"/>
            <a href="{enclosure/@url}"><xsl:value-of select="enclosure/@url"/></a>
          </audio>
        </xsl:if>
        <ul class="links">
          <xsl:if test="$youtube != ''">
            <li><a class="button youtube" href="{$youtube}">
              <xsl:call-template name="t"><xsl:with-param name="table" select="$L-youtube"/></xsl:call-template>
            </a></li>
          </xsl:if>
          <xsl:if test="normalize-space(link)">
            <li><a class="button ghost" href="{normalize-space(link)}">
              <xsl:call-template name="t"><xsl:with-param name="table" select="$L-page"/></xsl:call-template>
            </a></li>
          </xsl:if>
          <xsl:for-each select="podcast:transcript[@type='text/html' or @type='text/vtt' or @type='text/plain'][1]">
            <li><a class="button ghost transcript" href="{@url}">
              <xsl:call-template name="t"><xsl:with-param name="table" select="$L-transcript"/></xsl:call-template>
            </a></li>
          </xsl:for-each>
        </ul>
        <xsl:if test="psc:chapters[1]/psc:chapter">
          <details class="chapter-list" open="open">
            <summary>
              <xsl:call-template name="t"><xsl:with-param name="table" select="$L-chapters"/></xsl:call-template>
            </summary>
            <ol class="chapters">
              <xsl:for-each select="psc:chapters[1]/psc:chapter">
                <li class="chapter">
                  <time dir="ltr"><xsl:call-template name="clock"><xsl:with-param name="start" select="@start"/></xsl:call-template></time>
                  <xsl:choose>
                    <xsl:when test="normalize-space(@href)">
                      <a class="chapter-title" href="{@href}"><xsl:value-of select="@title"/></a>
                    </xsl:when>
                    <xsl:otherwise><span class="chapter-title"><xsl:value-of select="@title"/></span></xsl:otherwise>
                  </xsl:choose>
                </li>
              </xsl:for-each>
            </ol>
          </details>
        </xsl:if>
        <xsl:variable name="notes">
          <xsl:choose>
            <xsl:when test="normalize-space(content:encoded)"><xsl:value-of select="content:encoded"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="description"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:if test="normalize-space($notes)">
          <details class="show-notes">
            <summary>
              <xsl:call-template name="t"><xsl:with-param name="table" select="$L-notes"/></xsl:call-template>
            </summary>
            <div class="notes"><xsl:value-of select="$notes" disable-output-escaping="yes"/></div>
          </details>
        </xsl:if>
      </article>
    </li>
  </xsl:template>

  <!-- "Hosted by A, B" / "With C": podcast:person names, linked when they carry an href. -->
  <xsl:template name="people">
    <xsl:param name="people"/>
    <xsl:param name="label"/>
    <xsl:if test="$people">
      <p class="meta people">
        <xsl:call-template name="t"><xsl:with-param name="table" select="$label"/></xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:for-each select="$people">
          <xsl:if test="position() != 1"><xsl:text>, </xsl:text></xsl:if>
          <xsl:choose>
            <xsl:when test="normalize-space(@href)"><a class="person" href="{@href}"><xsl:value-of select="normalize-space(.)"/></a></xsl:when>
            <xsl:otherwise><span class="person"><xsl:value-of select="normalize-space(.)"/></span></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- An RFC 2822 pubDate ("Tue, 14 May 2024 08:00:00 +0000") as <time datetime="2024-05-14">: "14 May 2024"
       in English, the ISO date elsewhere (month names are English in RSS). Unreadable dates are shown as written. -->
  <xsl:template name="date">
    <xsl:param name="rfc"/>
    <xsl:variable name="d" select="normalize-space(substring-after($rfc, ','))"/>
    <xsl:variable name="day" select="substring-before($d, ' ')"/>
    <xsl:variable name="mon" select="substring(substring-after($d, ' '), 1, 3)"/>
    <xsl:variable name="year" select="substring(substring-after(substring-after($d, ' '), ' '), 1, 4)"/>
    <xsl:variable name="mm" select="substring-before(substring-after('|Jan=01|Feb=02|Mar=03|Apr=04|May=05|Jun=06|Jul=07|Aug=08|Sep=09|Oct=10|Nov=11|Dec=12|', concat('|', $mon, '=')), '|')"/>
    <xsl:choose>
      <xsl:when test="$mm != '' and string-length($year) = 4 and number($day) = number($day)">
        <xsl:variable name="iso" select="concat($year, '-', $mm, '-', format-number(number($day), '00'))"/>
        <time datetime="{$iso}" dir="ltr">
          <xsl:choose>
            <xsl:when test="$ui = 'en'"><xsl:value-of select="concat(number($day), ' ', $mon, ' ', $year)"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$iso"/></xsl:otherwise>
          </xsl:choose>
        </time>
      </xsl:when>
      <xsl:otherwise><time dir="ltr"><xsl:value-of select="$rfc"/></time></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- itunes:duration in seconds becomes H:MM:SS or M:SS; values already written with colons stay as they are. -->
  <xsl:template name="duration">
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="contains($value, ':') or string(number($value)) = 'NaN'"><xsl:value-of select="$value"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="s" select="floor(number($value))"/>
        <xsl:if test="$s &gt;= 3600"><xsl:value-of select="floor($s div 3600)"/>:</xsl:if>
        <xsl:choose>
          <xsl:when test="$s &gt;= 3600"><xsl:value-of select="format-number(floor(($s mod 3600) div 60), '00')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="floor($s div 60)"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text>:</xsl:text><xsl:value-of select="format-number($s mod 60, '00')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- psc start "00:04:10.000" shows as "04:10"; "01:02:03.500" as "01:02:03". -->
  <xsl:template name="clock">
    <xsl:param name="start"/>
    <xsl:variable name="whole" select="substring-before(concat(normalize-space($start), '.'), '.')"/>
    <xsl:choose>
      <xsl:when test="string-length($whole) = 8 and starts-with($whole, '00:')"><xsl:value-of select="substring($whole, 4)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$whole"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
