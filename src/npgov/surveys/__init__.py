"""The chemical environmental information survey. So far: the tier engine and `npgov survey tier`."""
