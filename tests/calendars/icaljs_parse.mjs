// Parse iCalendar files with Mozilla's ical.js (the parser Thunderbird uses) and print, as JSON,
// what a calendar application would read: the calendar's name and each event's UID, times in
// UTC (through the feed's own VTIMEZONE), summary, status and sequence.
// Usage: node icaljs_parse.mjs <path to ical.js's dist/ical.js> <file.ics>...
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, ...files] = process.argv.slice(2);
const ICAL = (await import(pathToFileURL(modulePath).href)).default;

const result = {};
for (const file of files) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  const timezones = calendar.getAllSubcomponents("vtimezone");
  for (const vtimezone of timezones) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
      tzid: vevent.getFirstProperty("dtstart").getParameter("tzid") ?? null,
      start: event.startDate.toString(),
      startUtc: event.startDate.isDate ? null : event.startDate.toJSDate().toISOString(),
      endUtc: event.endDate.isDate ? null : event.endDate.toJSDate().toISOString(),
    };
  });
  result[file] = {
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    timezones: timezones.map((vtimezone) => vtimezone.getFirstPropertyValue("tzid")),
    events,
  };
}
process.stdout.write(JSON.stringify(result));
