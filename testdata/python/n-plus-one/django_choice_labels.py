from django import forms
from django.db import models


class Queue(models.Model):
    title = models.CharField(max_length=100)

    def __str__(self):
        return self.title


class Ticket(models.Model):
    title = models.CharField(max_length=200)
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE)

    def __str__(self):
        return f"[{self.queue.title}] {self.title}"


class MergeForm(forms.Form):
    # Rendering the field labels every choice with `Ticket.__str__`: a queue per ticket.
    # expect: n-plus-one
    tickets = forms.ModelMultipleChoiceField(queryset=Ticket.objects.filter(title__isnull=False))
    # expect: n-plus-one
    primary = forms.ModelChoiceField(Ticket.objects.filter(title__startswith="A"), required=False)


# Negatives.


class LoadedForm(forms.Form):
    # ok: n-plus-one
    tickets = forms.ModelMultipleChoiceField(queryset=Ticket.objects.select_related("queue")[:100])
    # `Queue.__str__` reads its own field only.
    # ok: n-plus-one
    queue = forms.ModelChoiceField(queryset=Queue.objects.filter(title__isnull=False))
    # Rows as dicts: no model, no `__str__`.
    # ok: n-plus-one
    titles = forms.ModelChoiceField(queryset=Ticket.objects.values("title")[:10])
    # No rows until `__init__` sets the queryset.
    # ok: n-plus-one
    later = forms.ModelMultipleChoiceField(queryset=Ticket.objects.none())


class TicketForm(forms.ModelForm):
    class Meta:
        model = Ticket
        # Django makes `queue` a `ModelChoiceField` of every queue; `Queue.__str__` reads
        # its own field only, so this one is clean.
        # ok: n-plus-one
        fields = ["title", "queue"]


class Comment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)
    body = models.TextField()


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        # `ticket`'s choices are labelled by `Ticket.__str__`, which reads the queue.
        # expect: n-plus-one
        fields = ("ticket", "body")


class EveryFieldForm(forms.ModelForm):
    class Meta:
        model = Comment
        # expect: n-plus-one
        fields = "__all__"


class NarrowedForm(forms.ModelForm):
    class Meta:
        model = Comment
        # The form sets the field's queryset itself.
        # ok: n-plus-one
        fields = ["ticket"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket"].queryset = Ticket.objects.select_related("queue")


class DeclaredForm(forms.ModelForm):
    ticket = forms.ModelChoiceField(queryset=Ticket.objects.select_related("queue"))

    class Meta:
        model = Comment
        # ok: n-plus-one
        fields = ["ticket"]
