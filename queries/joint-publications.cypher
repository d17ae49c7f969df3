// Joint publications of two organisations (twin of joint-publications.rq)
MATCH (a:Entity {id: $a})<-[ra:PUBLISHED_BY]-(doc:Review|Publication|Strategy)-[rb:PUBLISHED_BY]->(b:Entity)
WHERE ($b IS NULL OR b.id = $b) AND a <> b
//scope and: holds ra; holds rb
UNWIND [1, 2] AS side
WITH doc, b, side, CASE side WHEN 1 THEN a ELSE b END AS pub, CASE side WHEN 1 THEN ra ELSE rb END AS r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH doc, b, side, pub,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN doc.name AS document, [l IN labels(doc) WHERE l <> 'Entity'][0] AS kind, doc.date AS date,
       b.name AS co_publisher, pub.name AS publisher, quote, source, doc.id AS document_id,
       b.id AS co_publisher_id, pub.id AS publisher_id
ORDER BY coalesce(doc.start_date, '9999-12-31'), coalesce(date, ''), document, document_id, co_publisher,
         co_publisher_id, side, quote IS NOT NULL, quote, source IS NOT NULL, source
