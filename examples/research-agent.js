// Answers customers' questions about their orders with a tool-using agent: the model asks for order
// lookups until it has what it needs, then answers.
//
// The cost trap: nothing but the model ends the agent loop. When a lookup finds nothing (a mistyped order
// number), the model tries again, and again; every turn resends the whole conversation, so the bill grows
// with the square of the turns, and only the model decides when it stops.
import { readFile } from "node:fs/promises";

import OpenAI from "openai";

const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });

const orders = JSON.parse(await readFile(new URL("./data/orders.json", import.meta.url), "utf8"));
const questions = JSON.parse(await readFile(new URL("./data/order-questions.json", import.meta.url), "utf8"));

const tools = [
  {
    type: "function",
    function: {
      name: "look_up_order",
      description: "Find orders by the order numbers mentioned in the text.",
      parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
    },
  },
];

function lookUpOrder(query) {
  const found = orders.filter((order) => query.includes(order.id));
  return found.length > 0 ? JSON.stringify(found) : `no results for "${query}"`;
}

async function answer(question) {
  const messages = [
    { role: "system", content: "You are Northwind Cloud's order assistant. Look orders up before answering." },
    { role: "user", content: question },
  ];
  while (true) {
    const completion = await openai.chat.completions.create({ model: "gpt-5-mini", max_completion_tokens: 500, messages, tools });
    const message = completion.choices[0].message;
    messages.push(message);
    if (!message.tool_calls?.length) return message.content;
    for (const call of message.tool_calls) {
      const { query } = JSON.parse(call.function.arguments);
      messages.push({ role: "tool", tool_call_id: call.id, content: lookUpOrder(query) });
    }
  }
}

let handled = 0;
for (const question of questions) {
  try {
    await answer(question);
  } catch (error) {
    // A question the agent could not answer goes to a person.
    console.error(`escalated to a person: ${error.message}`);
  }
  handled += 1;
}

console.log(`research-agent: ${handled} questions handled`);
