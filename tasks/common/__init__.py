"""The layer every family stands on: scenario files, the variation grid, the world log, the agent."""
