// Briefings published between two dates, by topic (twin of briefings-between.rq)
MATCH (b:Publication)
WHERE b.type IS NOT NULL AND toLower(b.type) CONTAINS 'briefing' AND b.date IS NOT NULL
  AND b.start_date >= $from AND b.start_date <= $to
//scope and: alive b
UNWIND coalesce(b.topics, []) AS topic
WITH b, topic
WHERE $topic IS NULL OR topic = $topic
UNWIND range(0, size(b.evidence_quotes) - 1) AS i
//scope with: said b i
WITH b, topic,
     CASE b.evidence_quotes[i] WHEN '' THEN null ELSE b.evidence_quotes[i] END AS quote,
     CASE WHEN b.evidence_documents[i] <> '' THEN b.evidence_documents[i]
          WHEN b.evidence_urls[i] <> '' THEN b.evidence_urls[i] END AS source
RETURN b.date AS date, b.name AS briefing, topic, quote, source, b.id AS briefing_id
ORDER BY b.start_date, coalesce(date, ''), briefing, briefing_id, topic, quote IS NOT NULL, quote,
         source IS NOT NULL, source
