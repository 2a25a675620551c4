/**
 * `index.html`: the status page as one file. Inline CSS and inline SVG, no script, nothing loaded from anywhere
 * (no fonts, images or styles from another file or host), light and dark by `prefers-color-scheme`, one column
 * down to 320 px. Every piece of text from outside (names, groups, URLs, reasons, the title) goes through
 * `markup` where it is written.
 */

import { markup } from '../escape.js'
import { DAY_MS } from '../history/model.js'
import { type Span } from '../history/uptime.js'
import { type Health } from '../state/model.js'
import {
  countsOf,
  type DailyFigures,
  headline,
  incidentsOf,
  type PageIncident,
  type PageModel,
  type PageTarget
} from './model.js'
import { badgeFile } from './badges.js'
import { counted, lengthText, percentText } from '../format.js'
import { clockText, dateText, momentText, isoText } from './words.js'

/** The incidents listed under the targets: those that lasted into this many days before the page. */
export const INCIDENT_DAYS = 30

export function renderHtml(model: PageModel): string {
  const title = `${model.title} status`
  const overall = overallState(model)
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="color-scheme" content="light dark">' +
    `<title>${markup(title)}</title>` +
    '<link rel="alternate" type="application/atom+xml" title="Incidents" href="feed.atom">' +
    `<style>${CSS}</style></head>\n<body><main>` +
    `<header><h1>${markup(title)}</h1>` +
    `<p class="banner ${overall}">${ICON[overall]}<span>${headline(model)}</span></p>${attention(model)}` +
    `<p class="note">Updated <time datetime="${isoText(model.generatedAt)}">${momentText(model.generatedAt)}</time></p>` +
    `</header>\n${LEGEND}\n${groups(model)}${incidentsSection(model)}` +
    '<footer><p>Uptime counts time, not checks: time inside maintenance windows is left out, and degraded ' +
    'time counts as up. Days are UTC days. The same data: <a href="status.json">status.json</a>, ' +
    '<a href="feed.atom">incidents feed</a>.</p><p>Made by upwatch.</p></footer>' +
    '</main></body></html>\n'
  )
}

type Overall = Health | 'none'

function overallState(model: PageModel): Overall {
  const counts = countsOf(model)
  if (counts.down > 0) return 'down'
  if (counts.degraded > 0) return 'degraded'
  return counts.up > 0 ? 'up' : 'none'
}

/** A shape per state, so that the state is not told by colour alone; the word is beside it. */
const ICON: Record<Overall, string> = {
  up: '<svg class="i" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="8"/><path d="M4.5 8.2l2.3 2.3 4.7-4.9" fill="none" stroke="#fff" stroke-width="2"/></svg>',
  degraded:
    '<svg class="i" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 .5l7.5 14.5H.5z"/><path d="M8 5.5v4.5M8 11.5v1.6" stroke="#fff" stroke-width="2"/></svg>',
  down: '<svg class="i" viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" rx="3"/><path d="M5 5l6 6M11 5l-6 6" stroke="#fff" stroke-width="2"/></svg>',
  none: '<svg class="i" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="7" fill="none" stroke-width="2"/></svg>'
}

const STATE_WORDS: Record<Overall, string> = {
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  none: 'Not checked yet'
}

/** What each colour of the bars means, in words. */
const LEGEND =
  '<ul class="legend" aria-label="Colours of the daily bars">' +
  '<li><i class="u"></i>No downtime</li><li><i class="g"></i>Degraded</li>' +
  '<li><i class="o"></i>Down under 1%</li><li><i class="d"></i>Down 1% or more</li>' +
  '<li><i class="m"></i>Maintenance</li><li><i class="n"></i>No data</li></ul>'

/** The targets by group, in the order the groups first appear; without a group last, under `Other`. */
function groups(model: PageModel): string {
  const byGroup = new Map<string | undefined, PageTarget[]>()
  for (const target of model.targets) {
    const bucket = byGroup.get(target.group)
    if (bucket) bucket.push(target)
    else byGroup.set(target.group, [target])
  }
  const grouped = [...byGroup.keys()].some(group => group !== undefined)
  const order = [...byGroup.keys()].sort((a, b) => Number(a === undefined) - Number(b === undefined))
  return order
    .map(group => {
      const targets = byGroup.get(group)!
      const heading = grouped
        ? `<h2>${group === undefined ? 'Other' : `<bdi>${markup(group)}</bdi>`}<small>${groupCount(targets)}</small></h2>`
        : '<h2 class="quiet">Targets</h2>'
      return `<section>${heading}<ul class="targets">${targets.map(target => targetItem(target, model)).join('')}</ul></section>\n`
    })
    .join('')
}

/** `3 up`, `1 down, 2 up`, `1 down, 1 degraded`. */
function groupCount(targets: PageTarget[]): string {
  const count = (state: Health) => targets.filter(target => target.state === state).length
  const parts = (['down', 'degraded', 'up'] as const).flatMap(state =>
    count(state) > 0 ? [`${count(state)} ${state}`] : []
  )
  return parts.join(', ')
}

/** Links to the targets down and to those degraded, under the headline: at most ATTENTION_NAMES of each. */
function attention(model: PageModel): string {
  const lines = (['down', 'degraded'] as const).flatMap(state => {
    const targets = model.targets.filter(target => target.state === state)
    if (targets.length === 0) return []
    const links = targets
      .slice(0, ATTENTION_NAMES)
      .map(target => `<a href="#${anchor(target)}"><bdi>${markup(target.name)}</bdi></a>`)
    const more = targets.length > ATTENTION_NAMES ? ` and ${targets.length - ATTENTION_NAMES} more` : ''
    return [`<p class="note">${STATE_WORDS[state]}: ${links.join(', ')}${more}</p>`]
  })
  return lines.join('')
}

const ATTENTION_NAMES = 20

/** The id of a target's item: its badges' file name, which is safe anywhere and unique. */
const anchor = (target: PageTarget) => `t-${badgeFile(target.name)}`

function targetItem(target: PageTarget, model: PageModel): string {
  const state: Overall = target.state ?? 'none'
  const since =
    target.state !== null && target.state !== 'up' && target.since !== undefined
      ? `<p class="since">${STATE_WORDS[state]} since ${momentText(target.since)}, for ${lengthText((model.generatedAt - target.since) / 1000)}</p>`
      : ''
  return (
    `<li class="t" id="${anchor(target)}"><div class="head"><h3><bdi>${markup(target.name)}</bdi></h3>` +
    `<span class="state ${state}">${ICON[state]}${STATE_WORDS[state]}</span></div>` +
    (target.url === undefined ? '' : `<p class="url">${markup(target.url)}</p>`) +
    since +
    (target.reason === undefined ? '' : `<p class="why">${markup(target.reason)}</p>`) +
    bars(target, model.days) +
    '<div class="axis" aria-hidden="true"><span>90 days ago</span><span>Today</span></div>' +
    `<div class="more">${figures(target)}${latency(target)}</div></li>`
  )
}

const SPAN_WORDS: Record<Span, string> = {
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days'
}

function figures(target: PageTarget): string {
  const cells = (Object.keys(SPAN_WORDS) as Span[]).map(span => {
    const figure = target.uptime[span]
    return `<div><dt>${SPAN_WORDS[span]}</dt><dd>${percentText(figure.percent)}</dd></div>`
  })
  return `<dl class="figs" aria-label="Uptime">${cells.join('')}</dl>`
}

/** The bar a day gets (by its index in the page's days): its colour's class. */
function barClass(days: DailyFigures, index: number): string {
  const percent = days.percent[index]
  if (percent === null) return days.maintenanceSeconds[index] > 0 ? 'm' : 'n'
  if (days.downSeconds[index] > 0) return percent >= 99 ? 'o' : 'd'
  return days.degradedSeconds[index] > 0 ? 'g' : 'u'
}

/** A day with nothing to tell but its colour: it shares its bar's title with the like days beside it. */
const plain = (days: DailyFigures, index: number) =>
  days.incidents[index] === 0 && days.maintenanceSeconds[index] === 0

/** What a day's bar tells, after its date. */
function dayText(days: DailyFigures, index: number): string {
  const percent = days.percent[index]
  const down = days.downSeconds[index]
  const degraded = days.degradedSeconds[index]
  const maintenance = days.maintenanceSeconds[index]
  if (percent === null) return maintenance > 0 ? 'maintenance' : 'no data'
  const parts = [
    down > 0 || degraded > 0 ? `${percentText(percent)} up` : 'no downtime',
    down > 0 && `down ${lengthText(down)}`,
    degraded > 0 && `degraded ${lengthText(degraded)}`,
    maintenance > 0 && `maintenance ${lengthText(maintenance)}`,
    days.incidents[index] > 0 && counted(days.incidents[index], 'incident')
  ]
  return parts.filter(Boolean).join(', ')
}

/**
 * 90 bars, a day each, in one SVG line per run: a run is one day, or days alike in a row that have nothing to
 * tell but their colour (no incident, no maintenance), which share a title (`1 Sep – 27 Nov 2026: no
 * downtime`). A dashed stroke draws the bars of a run, so that a page of many targets stays small.
 */
function bars(target: PageTarget, dates: number[]): string {
  const lines: string[] = []
  const { days } = target
  for (let first = 0; first < dates.length;) {
    let last = first
    const kind = barClass(days, first)
    if (plain(days, first))
      while (last + 1 < dates.length && plain(days, last + 1) && barClass(days, last + 1) === kind) last++
    const when =
      first === last
        ? dateText(dates[first])
        : `${dateText(dates[first], !sameYear(dates[first], dates[last]))} – ${dateText(dates[last])}`
    lines.push(
      `<line x1="${first * 4}" x2="${last * 4 + 3}" class="${kind}"><title>${when}: ${dayText(days, first)}</title></line>`
    )
    first = last + 1
  }
  const summary = `${markup(target.name)}, last 90 days: ${percentText(target.uptime['90d'].percent)} up, ${counted(target.uptime['90d'].incidents, 'incident')}`
  return `<svg class="bars" viewBox="0 -14 359 28" preserveAspectRatio="none" role="group" aria-label="${summary}">${lines.join('')}</svg>`
}

const sameYear = (a: number, b: number) => new Date(a).getUTCFullYear() === new Date(b).getUTCFullYear()

/** The latency of the last 24 hours as a line, with its average and highest in words. */
function latency(target: PageTarget): string {
  const samples = target.latency.filter((sample): sample is number => sample !== null)
  if (samples.length === 0)
    return '<p class="lat"><span class="quiet">No latency in the last 24 hours</span></p>'
  const highest = Math.max(...samples)
  const average = Math.round(samples.reduce((sum, sample) => sum + sample, 0) / samples.length)
  const top = Math.max(highest, 1)
  // Hours without a sample break the line.
  const runs: string[][] = [[]]
  target.latency.forEach((sample, hour) => {
    if (sample === null) {
      if (runs[runs.length - 1].length > 0) runs.push([])
      return
    }
    runs[runs.length - 1].push(`${Math.round((hour * 240) / 23)},${Math.round(38 - (sample / top) * 34)}`)
  })
  const lines = runs
    .filter(run => run.length > 0)
    .map(run => `<polyline points="${(run.length === 1 ? [run[0], run[0]] : run).join(' ')}"/>`)
  const words = `average ${average} ms, highest ${highest} ms`
  return (
    `<p class="lat"><svg viewBox="0 0 240 40" preserveAspectRatio="none" role="img" aria-label="Latency over the last 24 hours: ${words}">` +
    `${lines.join('')}</svg><span>24 h latency: ${words.replace('average ', 'avg ').replace('highest ', 'max ')}</span></p>`
  )
}

/** The incidents that lasted into the last INCIDENT_DAYS days, newest first. */
function incidentsSection(model: PageModel): string {
  const from = model.generatedAt - INCIDENT_DAYS * DAY_MS
  const recent = incidentsOf(model).filter(({ incident }) => (incident.end ?? model.generatedAt) > from)
  const heading = `<h2>Incidents in the last ${INCIDENT_DAYS} days</h2>`
  if (recent.length === 0) return `<section>${heading}<p class="quiet">No incidents.</p></section>\n`
  const items = recent.map(({ target, incident }) => incidentItem(target, incident, model.generatedAt))
  return `<section>${heading}<ol class="incidents">${items.join('')}</ol></section>\n`
}

function incidentItem(target: PageTarget, incident: PageIncident, now: number): string {
  const end = incident.end
  const span =
    end === undefined
      ? `<time datetime="${isoText(incident.start)}">${momentText(incident.start)}</time>, ongoing`
      : `<time datetime="${isoText(incident.start)}">${momentText(incident.start)}</time> to ` +
        `<time datetime="${isoText(end)}">${end - incident.start < DAY_MS && sameDay(incident.start, end) ? `${clockText(end)} UTC` : momentText(end)}</time>`
  const length =
    end === undefined
      ? `for ${lengthText((now - incident.start) / 1000)} so far`
      : `for ${lengthText((end - incident.start) / 1000)}`
  const word = incident.kind === 'down' ? 'Down' : 'Degraded'
  return (
    `<li${end === undefined ? ` class="open ${incident.kind}"` : ''}><p><strong><bdi>${markup(target.name)}</bdi></strong> ` +
    `<span class="state ${incident.kind}">${word}</span> ${length}</p><p class="when">${span}</p>` +
    (incident.reason === undefined ? '' : `<p class="why">${markup(incident.reason)}</p>`) +
    '</li>'
  )
}

const sameDay = (a: number, b: number) => Math.floor(a / DAY_MS) === Math.floor(b / DAY_MS)

/**
 * Colours meet WCAG AA: text 4.5:1 on its background, bars and icons 3:1 against the page, in both schemes.
 * Long names and URLs wrap anywhere, so nothing is wider than the screen.
 */
const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#fff;
--u:#2da44e;--g:#d4a72c;--ig:#bf8700;--o:#e16f24;--d:#cf222e;--m:#0969da;--n:#c9d1d9;
--tu:#1a7f37;--tg:#8a6100;--td:#c21c2c;--bu:#dafbe1;--bg2:#fff8c5;--bd:#ffebe9;--bn:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#f0f6fc;--muted:#9198a1;--line:#3d444d;--card:#151b23;
--u:#2ea043;--g:#d29922;--ig:#d29922;--o:#db6d28;--d:#f85149;--m:#4493f8;--n:#3d444d;
--tu:#3fb950;--tg:#d29922;--td:#ff7b72;--bu:#0f2d1a;--bg2:#2e2409;--bd:#3a1618;--bn:#151b23}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:50rem;margin:0 auto;padding:1.5rem 1rem 2rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem;overflow-wrap:anywhere}
h2{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:0 1rem;font-size:1.15rem;margin:2rem 0 .5rem;overflow-wrap:anywhere}
h2 small{font-size:.875rem;font-weight:400;color:var(--muted)}
h3{font-size:1rem;margin:0;overflow-wrap:anywhere}
p{margin:0}
a{color:var(--m)}
.quiet{color:var(--muted)}
h2.quiet{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.banner{display:flex;align-items:center;gap:.75rem;padding:1rem 1.25rem;border:1px solid var(--line);border-left-width:.375rem;border-radius:.5rem;font-size:1.2rem;font-weight:600}
.banner .i{width:1.5rem;height:1.5rem}
.banner.up{background:var(--bu);border-left-color:var(--u)}
.banner.degraded{background:var(--bg2);border-left-color:var(--g)}
.banner.down{background:var(--bd);border-left-color:var(--d)}
.banner.none{background:var(--bn);border-left-color:var(--muted)}
.note{margin-top:.5rem;font-size:.875rem;color:var(--muted)}
.i{width:1em;height:1em;flex:none;vertical-align:-.125em}
.up .i{fill:var(--u)}.degraded .i{fill:var(--ig)}.down .i{fill:var(--d)}.none .i{stroke:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:1.25rem 0 0;padding:0;font-size:.8125rem;color:var(--muted)}
.legend i{display:inline-block;width:.625rem;height:.875rem;margin-right:.375rem;vertical-align:-.125em;border-radius:1px}
.legend .u{background:var(--u)}.legend .g{background:var(--g)}.legend .o{background:var(--o)}.legend .d{background:var(--d)}.legend .m{background:var(--m)}.legend .n{background:var(--n)}
.targets,.incidents{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:.5rem;background:var(--card)}
.t,.incidents li{padding:1rem;border-top:1px solid var(--line)}
.t:first-child,.incidents li:first-child{border-top:0}
.head{display:flex;justify-content:space-between;align-items:baseline;gap:.75rem}
.state{display:inline-flex;align-items:center;gap:.375rem;font-weight:600;white-space:nowrap}
.state.up{color:var(--tu)}.state.degraded{color:var(--tg)}.state.down{color:var(--td)}.state.none{color:var(--muted)}
.url,.since,.why,.when{font-size:.875rem;overflow-wrap:anywhere}
.url,.when{color:var(--muted)}
.since,.why{margin-top:.25rem}
.bars{display:block;width:100%;height:2rem;margin-top:.75rem}
.bars line{stroke-width:28;stroke-dasharray:3 1}
.bars .u{stroke:var(--u)}.bars .g{stroke:var(--g)}.bars .o{stroke:var(--o)}.bars .d{stroke:var(--d)}.bars .m{stroke:var(--m)}.bars .n{stroke:var(--n)}
.axis{display:flex;justify-content:space-between;font-size:.75rem;color:var(--muted);margin-top:.125rem}
.more{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:flex-end;gap:.75rem 1.5rem;margin-top:.75rem}
.figs{display:grid;grid-template-columns:repeat(4,auto);gap:0 1.25rem;margin:0}
.figs dt{font-size:.75rem;color:var(--muted)}
.figs dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
.lat{display:flex;flex-direction:column;align-items:flex-end;font-size:.75rem;color:var(--muted)}
.lat svg{width:10rem;height:2rem;fill:none;stroke:var(--m);stroke-width:1.5;stroke-linecap:round;stroke-linejoin:round}
.lat svg *{vector-effect:non-scaling-stroke}
.incidents li.open{border-left:.25rem solid var(--d)}.incidents li.open.degraded{border-left-color:var(--g)}
.incidents p:first-child{overflow-wrap:anywhere}
footer{margin-top:2.5rem;font-size:.8125rem;color:var(--muted)}
footer p+p{margin-top:.5rem}
@media (max-width:30rem){.figs{gap:0 .875rem}.lat{width:100%;align-items:stretch}.lat svg{width:100%}}
`
  .trim()
  .replace(/\n/g, '')
