/**
 * `feed.atom`: the incidents as an Atom feed (RFC 4287), newest first. Each incident is one entry whose id
 * comes from the page's title, the target's name, the incident's kind and its start: it stays the same from run
 * to run, and when the incident ends the entry is updated, not repeated. Nothing in the feed depends on the time
 * of the run, so the file changes only when an incident starts or ends.
 */

import { createHash } from 'node:crypto'
import { markup } from '../escape.js'
import { incidentsOf, type PageIncident, type PageModel, type PageTarget } from './model.js'
import { lengthText } from '../format.js'
import { isoText, momentText } from './words.js'

/** Entries at most: the newest incidents. */
export const FEED_ENTRIES = 100

export function renderAtom(model: PageModel): string {
  const entries = incidentsOf(model).slice(0, FEED_ENTRIES)
  const changes = [
    ...entries.map(({ incident }) => incident.end ?? incident.start),
    ...model.targets.flatMap(target => (target.since === undefined ? [] : [target.since]))
  ]
  const updated = changes.length > 0 ? Math.max(...changes) : model.generatedAt
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n' +
    `<id>${uuidUrn('feed', model.title)}</id>\n` +
    `<title>${markup(`${model.title} incidents`)}</title>\n` +
    `<updated>${isoText(updated)}</updated>\n` +
    '<author><name>upwatch</name></author>\n<generator>upwatch</generator>\n' +
    '<link rel="alternate" type="text/html" href="index.html"/>\n' +
    '<link rel="self" type="application/atom+xml" href="feed.atom"/>\n' +
    entries.map(({ target, incident }) => entry(model.title, target, incident)).join('') +
    '</feed>\n'
  )
}

function entry(title: string, target: PageTarget, incident: PageIncident): string {
  const word = incident.kind === 'down' ? 'down' : 'degraded'
  const { start, end } = incident
  const heading =
    end === undefined
      ? `${target.name} ${word}`
      : `${target.name} ${word} for ${lengthText((end - start) / 1000)}`
  const text =
    end === undefined
      ? `${target.name} has been ${word} since ${momentText(start)}.`
      : `${target.name} was ${word} from ${momentText(start)} to ${momentText(end)} (${lengthText((end - start) / 1000)}).`
  const reason = incident.reason === undefined ? '' : ` What failed: ${incident.reason}`
  return (
    '<entry>\n' +
    `<id>${uuidUrn('incident', title, target.name, incident.kind, String(start))}</id>\n` +
    `<title>${markup(heading)}</title>\n` +
    `<published>${isoText(start)}</published>\n` +
    `<updated>${isoText(end ?? start)}</updated>\n` +
    `<category term="${word}"/>\n` +
    `<content type="text">${markup(text + reason)}</content>\n` +
    '</entry>\n'
  )
}

/** A name-based UUID (version 5 layout, SHA-1) of the parts, as a URN: the same parts, the same id. */
function uuidUrn(...parts: string[]): string {
  const bytes = createHash('sha1')
    .update(['upwatch', ...parts].join('\n'))
    .digest()
    .subarray(0, 16)
  bytes[6] = (bytes[6] & 0x0f) | 0x50
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
