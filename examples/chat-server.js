// A chat endpoint that streams the model's answer to the browser (plain node:http), and a few simulated
// users: some read the whole answer, most press Stop after the first words.
//
// The cost trap: when a user presses Stop or closes the tab, the browser drops the connection, but the
// handler keeps reading the model's stream and the model keeps generating, and billing, to the last token.
import { createServer, request } from "node:http";
import { readFile } from "node:fs/promises";

import OpenAI from "openai";

const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });

const pending = new Set();

const server = createServer((req, res) => {
  const done = handleChat(req, res);
  pending.add(done);
  done.finally(() => pending.delete(done));
});

async function handleChat(req, res) {
  let body = "";
  for await (const chunk of req) body += chunk;
  const { message } = JSON.parse(body);
  try {
    const stream = await openai.chat.completions.create({
      model: "gpt-5-mini",
      max_completion_tokens: 2000,
      stream: true,
      messages: [{ role: "user", content: message }],
    });
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
    res.end();
  } catch {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
}

/** A browser session: sends the message, reads the answer, or presses Stop after the first chunk. */
function chat(port, message, pressesStop) {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: "127.0.0.1", port, method: "POST", path: "/chat", agent: false }, (response) => {
      response.on("data", () => {
        if (pressesStop) {
          outgoing.destroy();
          resolve();
        }
      });
      response.on("end", resolve);
    });
    outgoing.on("error", (error) => (pressesStop ? resolve() : reject(error)));
    outgoing.end(JSON.stringify({ message }));
  });
}

const sessions = JSON.parse(await readFile(new URL("./data/chat-sessions.json", import.meta.url), "utf8"));

await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();
for (const session of sessions) await chat(port, session.message, session.pressesStop);
// Let every handler finish, as a graceful shutdown would.
await Promise.all(pending);
server.close();

console.log(`chat-server: ${sessions.length} chats served`);
