// Co-citation: Acts, reviews and strategies discussed by the same documents (twin of co-citation.rq)
MATCH (s:Act|Review|Strategy)<-[r1:CITES|ABOUT]-(d:Review|Publication|Strategy)-[r2:CITES|ABOUT]->(o:Act|Review|Strategy)
WHERE ($subject IS NULL OR s.id = $subject) AND s <> o
  AND NOT 'Statutory instrument' IN [coalesce(s.type, ''), coalesce(o.type, '')]
//scope and: holds r1; holds r2
WITH DISTINCT s, o, d
WITH s, o, collect(d) AS docs
UNWIND docs AS d
WITH s, o, size(docs) AS shared, d
RETURN s.name AS name, o.name AS co_cited, [l IN labels(o) WHERE l <> 'Entity'][0] AS co_cited_kind, shared,
       d.name AS document, d.date AS date, s.id AS subject_id, o.id AS co_cited_id, d.id AS document_id
ORDER BY name, subject_id, shared DESC, co_cited, co_cited_id, coalesce(d.start_date, '9999-12-31'),
         coalesce(date, ''), document, document_id
