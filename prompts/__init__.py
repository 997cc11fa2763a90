# Marks this folder as package data: it ships in the wheel as outreach._prompts.
