// Timeline of a reform (twin of reform-timeline.rq)
MATCH (reform:Entity {id: $reform})-[r]-(e:Entity)
//scope where: holds r
WITH r, e, CASE WHEN startNode(r) = reform THEN 'out' ELSE 'in' END AS direction
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
OPTIONAL MATCH (src:Source {id: r.evidence_documents[i]})
WITH r, e, direction, src,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN src IS NOT NULL THEN src.id WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source,
     CASE size(src.date) WHEN 4 THEN src.date + '-01-01' WHEN 7 THEN src.date + '-01' ELSE src.date END
       AS source_start
RETURN e.date AS date, e.name AS entity, [l IN labels(e) WHERE l <> 'Entity'][0] AS kind,
       toLower(type(r)) AS relation, direction, quote, source, src.date AS source_date, e.id AS entity_id
ORDER BY coalesce(e.start_date, source_start, '9999-12-31'), coalesce(date, ''), entity, entity_id, relation,
         direction, quote IS NOT NULL, quote, source IS NOT NULL, source
