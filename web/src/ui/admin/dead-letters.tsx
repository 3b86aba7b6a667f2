"use client";
// The dead-letter queues: how many messages each holds, what they are and why they failed,
// and a replay back to the work queue.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { DeadLetterPage, DeadLetterQueue, DeadLetterQueues, Replayed } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { SignedIn } from "@/ui/admin/gate";
import { ErrorNotice, Loading, Note, Success } from "@/ui/shared/feedback";
import { When } from "@/ui/shared/values";

function Letters({ queue }: { queue: string }) {
  const { t } = useI18n();
  const { call } = useAuth();
  const letters = useQuery({
    queryKey: ["dead-letters", queue],
    queryFn: ({ signal }) =>
      call<DeadLetterPage>(`/api/admin/dead-letters/${queue}`, {
        query: { limit: 20 },
        signal,
      }),
  });
  return (
    <section aria-labelledby={`letters-${queue}`} className="panel">
      <h2 id={`letters-${queue}`}>{t("dlq.lettersOf", { queue })}</h2>
      {letters.isPending ? <Loading /> : null}
      <ErrorNotice error={letters.error} onRetry={() => void letters.refetch()} />
      {letters.data && letters.data.letters.length === 0 ? <p>{t("dlq.empty", { queue })}</p> : null}
      <ul className="letters">
        {letters.data?.letters.map((letter, index) => (
          <li key={letter.message_id ?? index}>
            <dl className="facts">
              <div>
                <dt>{t("dlq.type")}</dt>
                <dd>{letter.event_type ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("dlq.reason")}</dt>
                <dd>{letter.reason}</dd>
              </div>
              <div>
                <dt>{t("dlq.attempts")}</dt>
                <dd>{letter.attempts ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("dlq.routingKey")}</dt>
                <dd>{letter.original_routing_key ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("dlq.failedAt")}</dt>
                <dd>{letter.failed_at ? <When iso={letter.failed_at} /> : "—"}</dd>
              </div>
            </dl>
            <details>
              <summary>{t("dlq.body")}</summary>
              <pre>{letter.body_base64 ?? JSON.stringify(letter.body, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Queues() {
  const { t } = useI18n();
  const { call } = useAuth();
  const client = useQueryClient();
  const [shown, setShown] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const queues = useQuery({
    queryKey: ["dead-letter-queues"],
    queryFn: ({ signal }) => call<DeadLetterQueues>("/api/admin/dead-letters", { signal }),
  });

  async function replay(queue: DeadLetterQueue) {
    if (!window.confirm(t("dlq.replayConfirm", { count: queue.messages, queue: queue.queue }))) return;
    setPending(queue.queue);
    setError(null);
    try {
      const result = await call<Replayed>(`/api/admin/dead-letters/${queue.queue}/replay`, {
        method: "POST",
      });
      setMessage(t("dlq.replayed", { count: result.replayed, queue: result.queue }));
      await client.invalidateQueries({ queryKey: ["dead-letter-queues"] });
      await client.invalidateQueries({ queryKey: ["dead-letters", queue.queue] });
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(null);
    }
  }

  return (
    <>
      <h1>{t("dlq.title")}</h1>
      <Note>{t("dlq.intro")}</Note>
      <div aria-live="polite">{message ? <Success>{message}</Success> : null}</div>
      <ErrorNotice error={error} />
      {queues.isPending ? <Loading /> : null}
      <ErrorNotice error={queues.error} onRetry={() => void queues.refetch()} />
      {queues.data ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("dlq.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dlq.queue")}</th>
                <th scope="col" className="numeric">
                  {t("dlq.messages")}
                </th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {queues.data.queues.map((queue) => (
                <tr key={queue.queue}>
                  <th scope="row">
                    {queue.queue}
                    <span className="muted block">{queue.dead_letter_queue}</span>
                  </th>
                  <td className="numeric">{queue.messages}</td>
                  <td>
                    <div className="row wrap">
                      <button
                        type="button"
                        className="button button-small button-secondary"
                        aria-expanded={shown === queue.queue}
                        onClick={() => setShown(shown === queue.queue ? null : queue.queue)}
                        aria-label={`${t("dlq.show")}: ${queue.queue}`}
                      >
                        {t("dlq.show")}
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={queue.messages === 0 || pending !== null}
                        onClick={() => void replay(queue)}
                        aria-label={`${t("dlq.replay")}: ${queue.queue}`}
                      >
                        {pending === queue.queue ? t("common.saving") : t("dlq.replay")}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {shown ? <Letters queue={shown} /> : null}
    </>
  );
}

export function DeadLettersScreen() {
  return (
    <SignedIn>
      <Queues />
    </SignedIn>
  );
}
