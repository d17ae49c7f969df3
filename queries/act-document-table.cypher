// The Act × document table (twin of act-document-table.rq)
MATCH (doc:Review|Publication|Strategy)-[r:CITES|ABOUT]->(act:Act)
WHERE ($act IS NULL OR act.id = $act) AND coalesce(act.type, '') <> 'Statutory instrument'
//scope and: holds r
WITH act, doc, sum(size(r.evidence_quotes)) AS passages, collect(type(r)) AS types
//scope said-by instead: WITH act, doc, sum(size([d IN r.evidence_days WHERE d <> '' AND d <= {said_by}])) AS passages, collect(type(r)) AS types
WHERE passages > 0
RETURN act.name AS act_name, doc.name AS document, [l IN labels(doc) WHERE l <> 'Entity'][0] AS kind,
       doc.date AS date,
       CASE WHEN 'CITES' IN types THEN 'yes' ELSE 'no' END AS cites,
       CASE WHEN 'ABOUT' IN types THEN 'yes' ELSE 'no' END AS about,
       passages, act.id AS act_id, doc.id AS document_id
ORDER BY act_name, act_id, coalesce(doc.start_date, '9999-12-31'), coalesce(date, ''), document, document_id
