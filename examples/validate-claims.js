// Fact-checks a batch of claims and keeps the first ten that hold up, e.g. to seed a quiz.
//
// The cost trap: every request starts at once (claims.map), the loop stops after ten true answers,
// and the other ninety-odd requests keep running and keep billing. The answers also have no cap.
import { readFile } from "node:fs/promises";

import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });
const WANTED = 10;

async function checkClaim(claim) {
  const completion = await client.chat.completions.create({
    model: "gpt-5-mini",
    messages: [
      { role: "system", content: "You are a careful fact checker. Answer `true` or `false`, then explain why." },
      { role: "user", content: claim },
    ],
  });
  const answer = completion.choices[0]?.message.content ?? "";
  return { claim, isTrue: answer.trim().toLowerCase().startsWith("true") };
}

const claims = JSON.parse(await readFile(new URL("./data/claims.json", import.meta.url), "utf8"));

const checks = claims.map((claim) => checkClaim(claim));
const confirmed = [];
for (const check of checks) {
  const { claim, isTrue } = await check;
  if (isTrue) confirmed.push(claim);
  if (confirmed.length === WANTED) break;
}

console.log(`validate-claims: ${confirmed.length} confirmed claims`);
