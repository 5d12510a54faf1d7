"""Reading the user's folder: YAML with positions (yaml_source), the models of resources.yaml,
layouts and org.yaml (models, layouts, org, kinds, fields), their validated values without pydantic
for a process that only draws (records), problems with file:line:col (problems, references,
freshness), and loading a whole project (project).

May import: packgen.errors, packgen.i18n. Nothing above (no plan, render, build, cli).
"""
