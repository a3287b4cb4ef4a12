// Labels incoming tickets with a queue and a priority for the support team's routing rules.
//
// The cost trap: the system prompt starts with the current time, so no two requests share a prefix
// and OpenAI's automatic prompt cache (identical prefixes of 1,024 tokens or more) never hits.
import { readFile } from "node:fs/promises";

import OpenAI from "openai";

const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });

const TRIAGE_GUIDE = `You triage tickets for the Northwind Cloud support team. For each ticket, reply with one line:
"queue=<queue> priority=<P1|P2|P3|P4> reason=<at most twelve words>". Nothing else.

Queues
- security: suspected data leaks, exposed shared links, unauthorised access, phishing, vulnerability reports, anything that
  mentions credentials, tokens or personal data reaching the wrong people.
- billing: invoices, VAT numbers, refunds, seat counts, declined cards, plan changes, discounts, payment methods, credit notes.
- outage: errors that affect many customers at once, 5xx responses, pages that do not load, background jobs that stopped,
  webhooks or notifications that stopped arriving for everyone.
- bug: a feature that behaves wrongly for one customer or a small group: wrong data in exports, duplicate deliveries, stale
  member lists, display problems, slow screens with a clear reproduction.
- account: sign-in problems, password resets, two-factor authentication, single sign-on configuration, ownership transfer,
  e-mail changes, region moves.
- sales: questions about plans, trials, extensions of trials, enterprise contracts, procurement forms, security questionnaires
  before purchase.
- feedback: feature requests and general comments with no problem to solve.

Priorities
- P1: security incidents, outages that affect many customers, anything that loses or exposes data. Respond within 30 minutes.
- P2: a customer cannot work (cannot sign in, cannot pay, the main workflow fails) and there is no workaround.
  Respond within four business hours.
- P3: something is wrong but there is a workaround, or the problem affects a secondary feature. Respond within one business day.
- P4: questions, feature requests and feedback. Respond within three business days.

Rules
1. Security wins over every other queue: a billing ticket that mentions a leaked card number goes to security as P1.
2. An outage needs evidence that more than one customer is affected (several reports, the word "all", "everyone", "since this
   morning" from a large account, or a status page incident). Otherwise classify it as a bug.
3. Enterprise customers (acme, globex, stark) get one priority step higher than the rules give, but never above P1.
4. A ticket that asks two things is classified by the more urgent one.
5. When a ticket is in a language other than English, classify it as usual and add "lang=<code>" at the end of the line.
6. Rate limit (429) errors are a bug when the customer stays within the documented limits, and sales otherwise
   (they need a bigger plan). Team allows 600 requests per minute, Business 1,200, Enterprise is custom.
7. Emails landing in spam for one domain are an account problem, P3, unless password resets are blocked for a whole company,
   which is P2.
8. Never invent a queue. When nothing fits, use feedback with P4 and say why in the reason.
9. Keep the reason factual: what is broken or asked, for whom. No apologies, no advice, no names of colleagues.
10. Duplicate tickets (the same customer reporting the same problem within a day) keep the priority of the first one.

Examples
Ticket: "Checkout page returns a 500 error for some customers since this morning." (customer: initech)
Reply: queue=outage priority=P1 reason=checkout returns 500 errors for several customers since morning

Ticket: "Customer asks whether we can extend their trial by two weeks." (customer: hooli)
Reply: queue=sales priority=P4 reason=trial extension request

Ticket: "A deleted user still appears in the member list." (customer: acme)
Reply: queue=bug priority=P2 reason=deleted user still listed in members, enterprise account

Ticket: "Customer reports a possible data leak in shared links." (customer: umbrella)
Reply: queue=security priority=P1 reason=possible data exposure through shared links

Ticket: "Feature request: export reports as Excel files." (customer: stark)
Reply: queue=feedback priority=P3 reason=requests Excel export of reports, enterprise account

Ticket: "Webhooks are delivered twice for the same event." (customer: globex)
Reply: queue=bug priority=P2 reason=duplicate webhook deliveries, enterprise account; receivers should dedupe by event id

Ticket: "The CSV export is missing the last column." (customer: initech)
Reply: queue=bug priority=P3 reason=CSV export drops last column

Ticket: "Login with Google fails for users on the enterprise plan." (customer: stark)
Reply: queue=account priority=P1 reason=Google sign-in fails for enterprise users, cannot work

Ticket: "Invoice PDF shows the wrong company address." (customer: hooli)
Reply: queue=billing priority=P3 reason=wrong company address on invoice PDF

Ticket: "API rate limit errors during nightly sync." (customer: umbrella)
Reply: queue=bug priority=P3 reason=429 errors in nightly sync, check usage against plan limits

Ticket: "Mobile push notifications stopped arriving on Android." (customer: initech)
Reply: queue=bug priority=P3 reason=Android push notifications stopped; check battery optimisation

Ticket: "Question about the difference between the Pro and Business plans." (customer: hooli)
Reply: queue=sales priority=P4 reason=asks how Pro and Business plans differ`;

async function triage(ticket) {
  const completion = await openai.chat.completions.create({
    model: "gpt-5-mini",
    max_completion_tokens: 300,
    messages: [
      { role: "system", content: `Current time: ${new Date().toISOString()}\n\n${TRIAGE_GUIDE}` },
      { role: "user", content: `Ticket ${ticket.id} from ${ticket.customer}: ${ticket.text}` },
    ],
  });
  return completion.choices[0]?.message.content ?? "";
}

const tickets = JSON.parse(await readFile(new URL("./data/tickets.json", import.meta.url), "utf8"));

const labels = [];
for (const ticket of tickets) {
  labels.push({ id: ticket.id, label: await triage(ticket) });
}

console.log(`triage-tickets: ${labels.length} tickets labelled`);
