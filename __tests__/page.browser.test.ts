// The status page in a real browser: Debian's chromium, driven by puppeteer-core, loads index.html from disk
// with JavaScript off and every request but the page's own refused. No console error, no request leaves the
// page, axe-core finds no serious or critical violation, and nothing is wider than a 375 px screen, in light
// and in dark. Screenshots: docs/status-page.png (committed, for the README) and /tmp/status-page-375-*.png.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import axe from 'axe-core'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { pageFiles } from '../src/page/files.js'
import { pageModel, type PageSource } from '../src/page/model.js'
import { fleet, showcase } from './support/page.js'

const CHROMIUM = '/usr/bin/chromium'
const NOW = Date.parse('2026-11-29T08:00:00Z')
const SCHEMES = ['light', 'dark'] as const

/** Writes the page's files to a new directory; the address of its index.html. */
async function written(sources: PageSource[], details: boolean): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'upwatch-page-'))
  for (const file of pageFiles(pageModel(sources, NOW, { details, title: 'acme/website' }))) {
    const to = path.join(directory, file.path)
    await mkdir(path.dirname(to), { recursive: true })
    await writeFile(to, file.body)
  }
  return pathToFileURL(path.join(directory, 'index.html')).href
}

/** What went wrong while a page loaded: console errors, uncaught errors, requests other than the page. */
interface Trouble {
  console: string[]
  requests: string[]
}

async function open(browser: Browser, url: string, width: number, scheme: (typeof SCHEMES)[number]) {
  const page = await browser.newPage()
  const trouble: Trouble = { console: [], requests: [] }
  page.on('console', message => {
    if (message.type() === 'error') trouble.console.push(message.text())
  })
  page.on('pageerror', error => trouble.console.push(String(error)))
  await page.setRequestInterception(true)
  page.on('request', request => {
    if (request.url() === url) return void request.continue()
    trouble.requests.push(request.url())
    void request.abort()
  })
  // The page has no script: it must work without one.
  await page.setJavaScriptEnabled(false)
  await page.setViewport({ width, height: 800 })
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }])
  await page.goto(url, { waitUntil: 'load' })
  return { page, trouble }
}

/** axe-core's serious and critical violations, each with the elements it found them in. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source)
  const results = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] })"
  )) as axe.AxeResults
  return results.violations
    .filter(violation => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      violation =>
        `${violation.id}: ${violation.help} (${violation.nodes.map(node => node.target.join(' ')).join(', ')})`
    )
}

const browserThere = existsSync(CHROMIUM)
const suite = browserThere ? describe : (describe.skip.bind(describe) as typeof describe)

if (!browserThere)
  console.warn(
    `Skipping the status page's browser tests: ${CHROMIUM} is missing. Install Debian's chromium (apt-get install chromium) to run them.`
  )

suite(`the status page in ${CHROMIUM}${browserThere ? '' : ' (skipped: not installed)'}`, () => {
  let browser: Browser
  let big: string
  let small: string

  beforeAll(async () => {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      // As root (CI containers) chromium runs only without its sandbox.
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : []
    })
    big = await written(fleet(50, NOW), true)
    small = await written(showcase(NOW), false)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
  })

  for (const scheme of SCHEMES) {
    it(`loads alone, without error, accessible and 375 px wide, in ${scheme}`, async () => {
      for (const url of [big, small]) {
        const { page, trouble } = await open(browser, url, 375, scheme)
        expect(trouble).toEqual({ console: [], requests: [] })
        // Measured from script, which the page does without: let in from here on, for the test's own.
        await page.setJavaScriptEnabled(true)
        await page.reload({ waitUntil: 'load' })
        expect(await page.evaluate('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(375)
        expect(await page.evaluate('document.body.innerText')).toMatch(/of 50 down|1 of 8 degraded/)
        expect(await violations(page)).toEqual([])
        expect(trouble).toEqual({ console: [], requests: [] })
        await page.close()
      }
    }, 60_000)
  }

  it('is photographed for the README, and at 375 px', async () => {
    const wide = await open(browser, small, 880, 'light')
    await mkdir('docs', { recursive: true })
    await wide.page.screenshot({ path: 'docs/status-page.png', fullPage: true })
    for (const scheme of SCHEMES) {
      const narrow = await open(browser, small, 375, scheme)
      await narrow.page.screenshot({
        path: path.join(tmpdir(), `status-page-375-${scheme}.png`),
        fullPage: true
      })
      expect(narrow.trouble).toEqual({ console: [], requests: [] })
    }
  }, 60_000)
})
