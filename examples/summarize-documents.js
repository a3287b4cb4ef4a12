// Summarises every document in a folder export for a weekly digest.
//
// The cost traps: one request per document, all in flight at once however many documents there are
// (a rate-limit storm on a big export), and no cap on how long each summary may run.
import { readFile } from "node:fs/promises";

import OpenAI from "openai";

const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });

async function summarize(doc) {
  const response = await openai.responses.create({
    model: "gpt-5-mini",
    instructions: "Summarise the document in three short bullet points for a weekly digest.",
    input: `${doc.title}\n\n${doc.body}`,
  });
  return { id: doc.id, summary: response.output_text };
}

const docs = JSON.parse(await readFile(new URL("./data/documents.json", import.meta.url), "utf8"));

const summaries = await Promise.all(docs.map(summarize));

console.log(`summarize-documents: ${summaries.length} summaries`);
