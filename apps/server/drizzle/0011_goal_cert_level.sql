ALTER TABLE "learning_goals" DROP CONSTRAINT "learning_goals_kind_check";--> statement-breakpoint
ALTER TABLE "learning_goals" ADD COLUMN "cert_level_id" integer;--> statement-breakpoint
ALTER TABLE "learning_goals" ADD CONSTRAINT "learning_goals_cert_level_id_cert_levels_id_fk" FOREIGN KEY ("cert_level_id") REFERENCES "public"."cert_levels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_goals" ADD CONSTRAINT "learning_goals_kind_check" CHECK ("learning_goals"."kind" in ('position', 'kps', 'curated', 'cert_level'));