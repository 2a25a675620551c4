/**
 * The files of the status page, as the publisher writes them: each with its path (relative to the page's
 * directory or S3 prefix), its text, and the headers a web server or S3 serves it with. Pure.
 */

import { renderAtom } from './atom.js'
import { renderBadges } from './badges.js'
import { renderHtml } from './html.js'
import { renderJson } from './json.js'
import { type PageModel } from './model.js'

export interface PageFile {
  /** Relative, with `/` between folders: `index.html`, `badges/api.json`. */
  path: string
  body: string
  contentType: string
  cacheControl: string
}

/**
 * A minute's cache for what people and machines read, about the time between two runs; five for badges,
 * which shields.io caches for as long anyway.
 */
const FRESH = 'public, max-age=60'
const BADGE = 'public, max-age=300'

export function pageFiles(model: PageModel): PageFile[] {
  return [
    {
      path: 'index.html',
      body: renderHtml(model),
      contentType: 'text/html; charset=utf-8',
      cacheControl: FRESH
    },
    {
      path: 'status.json',
      body: renderJson(model),
      contentType: 'application/json; charset=utf-8',
      cacheControl: FRESH
    },
    {
      path: 'feed.atom',
      body: renderAtom(model),
      contentType: 'application/atom+xml; charset=utf-8',
      cacheControl: FRESH
    },
    ...renderBadges(model).map(badge => ({
      ...badge,
      contentType: 'application/json; charset=utf-8',
      cacheControl: BADGE
    }))
  ]
}
