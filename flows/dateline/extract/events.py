"""Events named after places: "the Lisbon Cup", "Spanish Grand Prix", "Uruguay Round",
"Dubai Desert Classic". The place inside the event's name is not a mention of the place,
and events are not exported: the extractor claims the whole name so that nothing inside
it is emitted (``EVENT`` candidates are dropped when mentions are made)."""

from __future__ import annotations

from dateline.extract.gazetteer import NON_ENTITY_WORDS, Candidate, Doc
from dateline.extract.lexicon import words
from dateline.extract.registry import Context, Priority, extractor

EVENT = "event"  # an internal type: it wins its span, then is dropped
_EVENT_WORDS = words("event_word")  # Open, Cup, Classic, Marathon, Round, Prix ...


def _event_word(w: str) -> bool:
    return w in _EVENT_WORDS or (w.isupper() and w.capitalize() in _EVENT_WORDS)


def find_events(doc: Doc) -> list[Candidate]:
    words, joined = doc.words, doc.joined
    n = len(words)
    out = []
    k = 1
    while k < n:
        if not (_event_word(words[k]) and joined[k]):
            k += 1
            continue
        end = k + 1
        while end < n and joined[end] and _event_word(words[end]):
            end += 1  # "Grand Prix"
        if end < n and joined[end] and words[end][:1].isupper() and not doc.upper[end]:
            k = end  # "Open Market Committee": not an event
            continue
        s = k
        while s - 1 >= 0 and k - s < 4 and joined[s] and (
                words[s - 1][:1].isupper() and words[s - 1] not in NON_ENTITY_WORDS
                or words[s - 1] == "-" and doc.starts[s] == doc.ends[s - 1]):
            s -= 1
        while s < k and (words[s] == "-" or doc.sent_start[s] and words[s].lower() in doc.lower_vocab):
            s += 1
        if s < k and words[s] != "Grand":
            out.append(Candidate(s, end, EVENT, " ".join(words[s:end]), priority=Priority.MARKED))
        k = end
    return out


@extractor("events")
def events(ctx: Context) -> list[Candidate]:
    return find_events(ctx.doc)
