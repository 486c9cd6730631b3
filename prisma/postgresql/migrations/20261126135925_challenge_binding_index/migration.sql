-- CreateIndex
CREATE INDEX "Challenge_bindingHash_idx" ON "Challenge"("bindingHash");
